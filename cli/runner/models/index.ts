// The load models, by the name a scenario's `load.model` gives. A new model is one file beside these
// (its LoadModel) and one entry here; the plan's schema and types describe its YAML form.
import type { LoadSpec } from '../../plan/types.js';
import { closedModel } from './closed.js';
import { openModel } from './open.js';
import type { LoadModel, LoadOf, ModelName } from './types.js';

export type { LoadModel, LoadOf, ModelName } from './types.js';

/** Keyed by name, each entry typed for its own load: a model filed under the wrong name does not compile. */
const MODELS: { readonly [M in ModelName]: LoadModel<LoadOf<M>> } = { closed: closedModel, open: openModel };

/** The model that runs this load; its methods are meant for this same load (or one of its kind). */
export function modelOf(load: LoadSpec): LoadModel {
  return MODELS[load.model];
}
