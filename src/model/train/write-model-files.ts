import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_VERSION, type Manifest, type NamedNetwork, sha256, tensorTable } from '../model-files.ts';
import type { Network } from '../network.ts';

export interface ModelFilesInput {
  kind: string;
  architecture: string;
  config: Record<string, unknown>;
  vocab: unknown;
  net: Network;
  /** Further networks (in the same memory as `net`), saved after it as `<name>.<tensor>`. */
  more?: readonly NamedNetwork[];
  training?: Record<string, unknown>;
}

/** Writes manifest.json, vocab.json and weights.bin (see model-files.ts for the format). */
export function writeModelFiles(dir: string, m: ModelFilesInput): void {
  mkdirSync(dir, { recursive: true });
  const vocabJson = JSON.stringify(m.vocab);
  const params = tensorTable(m.net, m.more);
  const weights = new Float32Array(params.reduce((a, p) => a + p.size, 0));
  const f = m.net.arena.f32();
  let off = 0;
  for (const p of params) {
    weights.set(f.subarray(p.ptr >> 2, (p.ptr >> 2) + p.size), off);
    off += p.size;
  }
  const bytes = new Uint8Array(weights.buffer);
  const manifest: Manifest = {
    format: 'arcparse-model', formatVersion: FORMAT_VERSION, kind: m.kind, architecture: m.architecture,
    createdAt: new Date().toISOString(), config: m.config,
    tensors: params.map((p) => ({ name: p.name, size: p.size })),
    weightsBytes: bytes.length, weightsSha256: sha256(bytes), vocabSha256: sha256(Buffer.from(vocabJson)),
    training: m.training ?? {},
  };
  writeFileSync(join(dir, 'vocab.json'), vocabJson);
  writeFileSync(join(dir, 'weights.bin'), bytes);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

