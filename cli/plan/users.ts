// Virtual users: `pattern` users expanded to one record each (a CSV file is read by users-csv.ts).
import type { UsersSpec } from './types.js';

/** One record per virtual user (user 1 first). Pattern fields get `{{n}}` replaced by the user number. */
export function expandUsers(users: UsersSpec): Array<Record<string, string>> {
  switch (users.kind) {
    case 'none':
      return [];
    case 'inline':
      return users.list;
    case 'pattern':
      return Array.from({ length: users.count }, (_, i) =>
        Object.fromEntries(Object.entries(users.fields).map(([k, v]) => [k, v.replace(/\{\{\s*n\s*\}\}/g, String(i + 1))])),
      );
    case 'csv':
      throw new Error(`users CSV ${users.file} was not loaded: use loadScenarioFile`);
  }
}

