// Monaco ships its TypeScript worker class without a declaration file; type-bundle.test.ts drives it directly
// (the same code the browser's worker runs), through these few methods.
declare module 'monaco-editor/languages/features/typescript/tsWorker.js' {
  export class TypeScriptWorker {
    constructor(context: unknown, createData: unknown);
    getSyntacticDiagnostics(fileName: string): Promise<unknown[]>;
    getSemanticDiagnostics(fileName: string): Promise<unknown[]>;
    getQuickInfoAtPosition(fileName: string, position: number): Promise<unknown>;
    getCompletionsAtPosition(fileName: string, position: number): Promise<unknown>;
  }
}
