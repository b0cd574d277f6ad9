/**
 * deploy/kubernetes without a cluster: every manifest validates against the Kubernetes schemas
 * (kubernetes-models, offline), kustomization.yaml lists exactly the manifests, and the manifests agree
 * with the Dockerfile (port, user, signal), the server's configuration (every variable accepted, threads
 * from the CPU limit), its routes (probes) and each other (selectors, scale target, drain time).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { ROOT } from '../server/process.ts';
import { testApp } from '../server/helpers.ts';

const DIR = path.join(ROOT, 'deploy/kubernetes');
const MODELS = {
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
} as const;
type Kind = keyof typeof MODELS;

interface Doc { file: string; apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> }

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const docs: Doc[] = files.filter((f) => f !== 'kustomization.yaml').flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`);
    return { ...(d.toJS() as Omit<Doc, 'file'>), file };
  }));
/** The manifest object itself (without the file name this test adds). */
const objectOf = (d: Doc): Omit<Doc, 'file'> => Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'file')) as Omit<Doc, 'file'>;
const one = (kind: string): Doc => {
  const found = docs.filter((d) => d.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Doc;
};

// Just enough of the shapes the consistency checks read (the schemas themselves are checked by kubernetes-models).
interface Probe { httpGet: { path: string; port: string | number } }
interface Container {
  name: string; image: string; command?: string[]; args?: string[];
  ports: { name: string; containerPort: number }[];
  env: { name: string; value?: string; valueFrom?: { resourceFieldRef?: { containerName: string; resource: string; divisor: string } } }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  readinessProbe: Probe; livenessProbe: Probe; startupProbe: Probe;
  lifecycle: { preStop: { sleep: { seconds: number } } };
  securityContext: { allowPrivilegeEscalation: boolean };
}
interface PodSpec { terminationGracePeriodSeconds: number; securityContext: { runAsNonRoot: boolean; runAsUser: number; runAsGroup: number }; containers: Container[] }
const deployment = (): { doc: Doc; labels: Record<string, string>; pod: PodSpec; container: Container } => {
  const doc = one('Deployment');
  const template = doc.spec.template as { metadata: { labels: Record<string, string> }; spec: PodSpec };
  const container = template.spec.containers[0] as Container;
  return { doc, labels: template.metadata.labels, pod: template.spec, container };
};

const dockerfile = DockerfileParser.parse(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const finalStage = (keyword: string): string[] => {
  const from = dockerfile.getFROMs().at(-1)?.getRange().start.line ?? 0;
  return dockerfile.getInstructions().filter((i) => i.getRange().start.line >= from && i.getKeyword() === keyword).map((i) => i.getArgumentsContent() ?? '');
};
const cpus = (q: string): number => (q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q));
const mebibytes = (q: string): number => {
  const m = /^(\d+)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`unexpected memory quantity ${q}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};

describe('deploy/kubernetes', () => {
  test.each(docs.map((d) => [`${d.file}: ${d.kind} ${d.metadata.name}`, d] as const))('%s validates against the Kubernetes schema', (_name, d) => {
    const key = `${d.apiVersion}/${d.kind}` as Kind;
    expect(Object.keys(MODELS)).toContain(key);
    expect(() => new MODELS[key](objectOf(d) as never).validate()).not.toThrow();
  });

  test('the schema check has teeth: a wrong type or a missing required field fails', () => {
    const object = objectOf(deployment().doc);
    const broken = structuredClone(object) as unknown as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    const port = broken.spec.template.spec.containers[0]?.ports[0];
    if (port) port.containerPort = 'http';
    expect(() => new Deployment(broken as never).validate()).toThrow(/containerPort/);
    const noSelector = structuredClone(object) as { spec: Record<string, unknown> };
    delete noSelector.spec.selector;
    expect(() => new Deployment(noSelector as never).validate()).toThrow(/selector/);
  });

  test('kustomization.yaml lists exactly the manifests', () => {
    const k = parseAllDocuments(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8'))[0]?.toJS() as { kind: string; resources: string[]; images: { name: string }[] };
    expect(k.kind).toBe('Kustomization');
    expect([...k.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml'));
    expect(k.images.map((i) => i.name)).toEqual([deployment().container.image.split(':')[0]]);
  });

  test('same port, user and signal as the Dockerfile; the image runs its own CMD', () => {
    const { pod, container } = deployment();
    const expose = Number(finalStage('EXPOSE')[0]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: expose, protocol: 'TCP' }]);
    expect(container.env.find((e) => e.name === 'PORT')?.value).toBe(String(expose));
    expect(container.env.find((e) => e.name === 'HOST')?.value).toBe('0.0.0.0');
    const [uid, gid] = (finalStage('USER').at(-1) ?? '').split(':').map(Number);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid });
    expect(uid).toBeGreaterThan(0);
    // Kubernetes stops a container with SIGTERM, which is the image's STOPSIGNAL and what the server drains on.
    expect(finalStage('STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  test('ARCPARSE_THREADS is the CPU limit of the same container; the environment is a valid server configuration', () => {
    const { container } = deployment();
    const threads = container.env.find((e) => e.name === 'ARCPARSE_THREADS');
    expect(threads?.valueFrom?.resourceFieldRef).toEqual({ containerName: container.name, resource: 'limits.cpu', divisor: '1' });
    const limit = cpus(container.resources.limits.cpu ?? '');
    expect(Number.isInteger(limit)).toBe(true); // a whole number of threads
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value ?? (e.valueFrom?.resourceFieldRef ? String(Math.ceil(limit)) : '')]));
    expect(() => loadConfig(env, [])).not.toThrow();
    expect(loadConfig(env, []).threads).toBe(limit);
  });

  test('resources: Guaranteed QoS, memory 1.5× the measured peak RSS for the thread count (bench:server-memory, README "Running at scale")', () => {
    const { container } = deployment();
    expect(container.resources.requests).toEqual(container.resources.limits);
    // Measured peak RSS: 284 MiB with 1 thread, 376-436 MiB with 2 (one shared model per process); 200 + 120 per thread covers both.
    const threads = cpus(container.resources.limits.cpu ?? '');
    const peak = 200 + 120 * threads;
    const limit = mebibytes(container.resources.limits.memory ?? '');
    expect(limit).toBeGreaterThanOrEqual(1.5 * peak);
    expect(limit).toBeLessThanOrEqual(2 * peak); // not sized from stale figures (before the shared weight store: 720 MiB)
  });

  test('probes hit routes that exist: readiness /readyz, liveness /healthz, on the named port', async () => {
    const { container } = deployment();
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    const app = await testApp();
    for (const p of ['/readyz', '/healthz']) expect((await app.inject(p)).statusCode).toBe(200);
    await app.close();
  });

  test('graceful termination: the grace period covers the preStop sleep and the drain, which covers the request time limit', () => {
    const { pod, container } = deployment();
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value ?? '2']));
    const config = loadConfig(env, []);
    expect(config.shutdownTimeoutMs).toBeGreaterThanOrEqual(config.timeoutMs);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(container.lifecycle.preStop.sleep.seconds + config.shutdownTimeoutMs / 1000);
  });

  test('Service, HPA and PDB point at the Deployment\'s pods', () => {
    const { doc, labels } = deployment();
    const selector = (doc.spec.selector as { matchLabels: Record<string, string> }).matchLabels;
    for (const [k, v] of Object.entries(selector)) expect(labels[k]).toBe(v);
    const service = one('Service').spec as { selector: Record<string, string>; ports: { targetPort: string }[] };
    expect(service.selector).toEqual(selector);
    expect(service.ports.map((p) => p.targetPort)).toEqual(['http']);
    const pdb = one('PodDisruptionBudget').spec as { selector: { matchLabels: Record<string, string> }; minAvailable: number };
    expect(pdb.selector.matchLabels).toEqual(selector);
    const hpa = one('HorizontalPodAutoscaler').spec as { scaleTargetRef: { kind: string; name: string }; minReplicas: number; metrics: { resource: { name: string } }[] };
    expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: doc.metadata.name });
    expect(hpa.metrics.map((m) => m.resource.name)).toEqual(['cpu']);
    // A drain never takes the service down: more replicas than the budget must keep.
    expect(hpa.minReplicas).toBeGreaterThan(pdb.minAvailable);
  });
});
