// SearchActivities: GET /api/activities/search?term=...
// Port of backend-flask/services/search_activities.py. The term is not used
// by the mock data; only a blank term is an error.
const http = require('node:http');
const { isoformat } = require('../lib/datetime');

// Cruddur has no second service yet, so the backend's own notifications route
// stands in for one. PORT is where this backend listens.
function notificationsUrl() {
  return `127.0.0.1:${process.env.PORT || 4567}/api/activities/notifications`;
}

// Fire and forget: the search answers without waiting for this call. The http
// instrumentation turns it into a client span and adds a traceparent header.
function notifyNotificationsService() {
  const request = http.get(notificationsUrl(), (response) => response.resume());
  request.on('error', (error) => console.error('notifications call failed:', error.message));
}

function run(search_term) {
  const model = { errors: null, data: null };
  const now = new Date();

  if (search_term == null || search_term.length < 1) {
    model.errors = ['search_term_blank'];
  } else {
    notifyNotificationsService();
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
