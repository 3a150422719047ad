// SearchActivities: GET /api/activities/search?term=...
// Port of backend-flask/services/search_activities.py. The term is not used
// by the mock data; only a blank term is an error.
const { isoformat } = require('../lib/datetime');

function run(search_term) {
  const model = { errors: null, data: null };
  const now = new Date();

  if (search_term == null || search_term.length < 1) {
    model.errors = ['search_term_blank'];
  } else {
    const results = [
      {
        uuid: '248959df-3079-4947-b847-9e0892d1bab4',
        handle: 'Andrew Brown',
        message: 'Cloud is fun!',
        created_at: isoformat(now),
      },
    ];
    model.data = results;
  }
  return model;
}

module.exports = { run };
