// Rollbar for the Cruddur backend: one shared instance, so app.js (the Express error handler, /rollbar/test)
// and any service report to the same project.
const Rollbar = require('rollbar');

const rollbar = new Rollbar({
  // The token comes from the environment, as in the bootcamp's docker-compose.yml: never commit it.
  accessToken: process.env.ROLLBAR_TOKEN,
  // The bootcamp reported everything as "production".
  environment: 'production',
  // The workshop points this at its local Rollbar. Unset (your own deployment), Rollbar's own API is used.
  endpoint: process.env.ROLLBAR_ENDPOINT,
  // Also report errors that escape Express: a crash outside a request, a promise nobody awaited.
  captureUncaught: true,
  captureUnhandledRejections: true,
});

module.exports = rollbar;
