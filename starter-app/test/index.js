// Entry point for `node --test test/`: Node resolves a directory argument to
// its index.js, so this file loads every test file in the folder.
// (`node --test test/*.test.js` runs them in separate processes instead.)
require('./routes.test.js');
require('./frontend.test.js');
