/** Converts file contents and trees between the interface's shapes and the wire's. */
import type { FileSystemTree } from '../sandbox.ts';
import { base64ToBytes, bytesToBase64 } from './base64.ts';
import type { WireData, WireTree } from './protocol.ts';

export function toWireData(data: string | Uint8Array): WireData {
  return typeof data === 'string' ? { text: data } : { base64: bytesToBase64(data) };
}

export function wireDataToBytes(data: WireData): Uint8Array {
  return 'base64' in data ? base64ToBytes(data.base64) : new TextEncoder().encode(data.text);
}

export function wireDataToText(data: WireData): string {
  return 'text' in data ? data.text : new TextDecoder().decode(base64ToBytes(data.base64));
}

export function toWireTree(tree: FileSystemTree): WireTree {
  const out: WireTree = {};
  for (const [name, node] of Object.entries(tree)) {
    out[name] = 'directory' in node ? { directory: toWireTree(node.directory) } : { file: toWireData(node.file.contents) };
  }
  return out;
}
