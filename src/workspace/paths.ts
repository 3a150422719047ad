/** Where a step's compiled checks live inside the sandbox. */
export function checksModulePath(stepId: string): string {
  return `.workshop/checks/${stepId}.mjs`;
}
