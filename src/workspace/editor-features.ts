/**
 * Every editor contribution (hover, suggest, find, sticky scroll, code lens, ...) and the services they
 * register. They must be loaded before the first editor is created: Monaco instantiates the contributions
 * and services registered at that moment, and one registered later (the TypeScript mode imports this same
 * module when it starts) fails with "depends on UNKNOWN service". This is the module Monaco's own language
 * features use for that set, so the editor and the TypeScript mode agree on it.
 */
import 'monaco-editor/internal/common/workers.js';
