// The deployment files are real: every Kubernetes manifest validates against the API schemas
// (kubernetes-models), the Indexed Job and the fan-in say what docs/distributed.md says they do,
// the sample workflow parses and runs the documented commands, and the Dockerfile is what it claims.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigMap, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ROOT } from '../e2e/cli-harness.js';

const K8S = join(ROOT, 'deploy', 'kubernetes');
const DOCS = readFileSync(join(ROOT, 'docs', 'distributed.md'), 'utf8');

interface Manifest { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: any }

function manifests(): Array<{ file: string; doc: Manifest }> {
  return readdirSync(K8S).filter((f) => f.endsWith('.yaml')).sort().flatMap((file) => {
    const docs = parseAllDocuments(readFileSync(join(K8S, file), 'utf8'));
    return docs.map((d) => {
      expect(d.errors, file).toEqual([]);
      return { file, doc: d.toJS() as Manifest };
    });
  });
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'batch/v1 Job': Job,
  'v1 ConfigMap': ConfigMap,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
};

const byName = (name: string) => manifests().find((m) => m.doc.metadata.name === name)?.doc as Manifest;
const script = (job: Manifest) => (job.spec.template.spec.containers[0].args as string[]).join(' ');

describe('deploy/kubernetes', () => {
  it('every manifest validates against the Kubernetes API schema of its kind', () => {
    const all = manifests();
    expect(all.map((m) => m.doc.kind).sort()).toEqual(['ConfigMap', 'Job', 'Job', 'PersistentVolumeClaim']);
    for (const { file, doc } of all) {
      const Model = MODELS[`${doc.apiVersion} ${doc.kind}`];
      expect(Model, `${file}: ${doc.apiVersion} ${doc.kind}`).toBeDefined();
      expect(() => new Model!(doc).validate(), file).not.toThrow();
    }
  });

  it('the validation is real: a wrong completion mode is refused', () => {
    const job = structuredClone(byName('zimmer-bench-shards'));
    job.spec.completionMode = 'Sharded';
    expect(() => new Job(job as any).validate()).toThrow(/completionMode/);
  });

  it('the shards are an Indexed Job of N pods, each its --shard from JOB_COMPLETION_INDEX, one start time', () => {
    const job = byName('zimmer-bench-shards');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(job.spec.parallelism);
    const env = job.spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>;
    expect(env.find((e) => e.name === 'SHARDS')?.value).toBe(String(job.spec.completions));
    expect(script(job)).toMatch(/ run \/config\/scenario\.yaml --shard "\$JOB_COMPLETION_INDEX\/\$SHARDS" --start-at "\$START_AT" --out "\/results\/\$RUN_ID"/);
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    // An invalid shard (exit 3) is still a result for the merge; bad input fails the Job at once.
    expect(job.spec.podFailurePolicy.rules.map((r: any) => [r.action, r.onExitCodes.values])).toEqual([['Ignore', [3]], ['FailJob', [0, 3]]]);
  });

  it('the fan-in merges the shards\' files from the shared volume, its exit code the verdict', () => {
    const merge = byName('zimmer-bench-merge');
    expect(script(merge)).toMatch(/ merge \/results\/\$RUN_ID\/\*-shard\*of\*\.json --out "\/results\/\$RUN_ID\/merged" --junit /);
    expect(merge.spec.backoffLimit).toBe(0);
    const claim = (j: Manifest) => j.spec.template.spec.volumes.find((v: any) => v.persistentVolumeClaim)?.persistentVolumeClaim.claimName;
    expect(claim(merge)).toBe(claim(byName('zimmer-bench-shards')));
    expect(byName('zimmer-bench-results').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it('docs/distributed.md names every manifest and the commands the pods run', () => {
    for (const file of readdirSync(K8S).filter((f) => f.endsWith('.yaml'))) expect(DOCS).toContain(`deploy/kubernetes/${file}`);
    expect(DOCS).toContain('kubectl wait --for=condition=complete');
    expect(DOCS).toContain('JOB_COMPLETION_INDEX');
  });
});

describe('.github/workflows/distributed-load.yml', () => {
  const wf = parse(readFileSync(join(ROOT, '.github', 'workflows', 'distributed-load.yml'), 'utf8')) as Record<string, any>;
  const runs = (job: string) => (wf.jobs[job].steps as Array<{ run?: string }>).map((s) => s.run ?? '').join('\n');
  /** `node dist/cli/main.js <command> ... --flag` lines (continuations joined), as the command and its flags. */
  const commands = (text: string) => [...text.replace(/\\\n\s*/g, ' ').matchAll(/node dist\/cli\/main\.js (\w+)([^\n]*)/g)]
    .map((m) => ({ command: m[1] as string, flags: [...(m[2] as string).matchAll(/--[a-z-]+/g)].map((f) => f[0]) }));

  it('a matrix of N shards that upload their files, and a fan-in that merges them', () => {
    expect(wf.jobs.shard.strategy.matrix.index).toEqual([0, 1, 2, 3]);
    expect(wf.env.SHARDS).toBe(wf.jobs.shard.strategy.matrix.index.length);
    expect(wf.jobs.shard.needs).toBe('plan');
    expect(wf.jobs.merge.needs).toBe('shard');
    expect(commands(runs('shard'))).toEqual([{ command: 'run', flags: ['--target', '--shard', '--start-at', '--out'] }]);
    expect(commands(runs('merge'))).toEqual([{ command: 'merge', flags: ['--out', '--junit'] }]);
    const upload = wf.jobs.shard.steps.find((s: any) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload.if).toBe('always()');
    expect(wf.jobs.merge.steps.find((s: any) => s.uses?.startsWith('actions/download-artifact')).with['merge-multiple']).toBe(true);
  });

  it('runs only commands and flags docs/distributed.md documents', () => {
    for (const { command, flags } of [...commands(runs('shard')), ...commands(runs('merge'))]) {
      expect(DOCS).toContain(`zimmer-bench ${command}`);
      for (const flag of flags) expect(DOCS, `${command} ${flag}`).toContain(flag);
    }
    expect(DOCS).toContain('.github/workflows/distributed-load.yml');
  });
});

describe('deploy/Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
  const instructions = text.split('\n').filter((l) => /^[A-Z]+ /.test(l)).map((l) => l.split(' ')[0]);

  it('installs production dependencies only, runs as a non-root user, starts the CLI', () => {
    expect(text).toMatch(/^RUN npm ci --omit=dev/m);
    const stages = text.split(/^FROM /m).slice(1);
    const runtime = stages[stages.length - 1] as string;
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/npm ci(?! --omit=dev)/);
    expect(runtime).toMatch(/^ENTRYPOINT \["node", "\/app\/dist\/cli\/main\.js"\]$/m);
    expect(new Set(instructions)).toEqual(new Set(['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'ENTRYPOINT', 'CMD']));
    // Every path it copies from the repository exists.
    for (const m of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const src of (m[1] as string).split(' ')) expect(existsSync(join(ROOT, src)), src).toBe(true);
    }
  });
});
