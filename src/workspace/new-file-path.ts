/** A learner-typed path for a new file, made relative and safe; null when it cannot be a file inside the app. */
export function normaliseNewPath(input: string): string | null {
  const parts = input.trim().replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0 || parts.some((part) => part === '..' || part.startsWith('.workshop') || part === 'node_modules')) return null;
  if (parts.some((part) => !/^[\w@.+-]+$/.test(part))) return null;
  return parts.join('/');
}
