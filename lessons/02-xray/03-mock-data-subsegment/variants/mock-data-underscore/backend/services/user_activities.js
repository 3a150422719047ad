// UserActivities: GET /api/activities/@:handle.
// Port of backend-flask/services/user_activities.py. The handle is not used
// by the mock data, and the times are naive (no offset), as in the original.
const { trace } = require('@opentelemetry/api');
const AWSXRay = require('aws-xray-sdk-core');
const { isoformat, plus, minus } = require('../lib/datetime');

const tracer = trace.getTracer('user.activities');

function run(user_handle) {
  return tracer.startActiveSpan('user-activities-mock-data', (span) => {
    try {
      // Who asked: lets you group and filter traces by user in Honeycomb.
      span.setAttribute('app.user_id', user_handle);
      const model = { errors: null, data: null };
      const now = new Date();

      if (user_handle == null || user_handle.length < 1) {
        model.errors = ['blank_user_handle'];
      } else {
        const results = [
          {
            uuid: '248959df-3079-4947-b847-9e0892d1bab4',
            handle: 'Andrew Brown',
            message: 'Cloud is fun!',
            created_at: isoformat(minus(now, { days: 1 }), { naive: true }),
            expires_at: isoformat(plus(now, { days: 31 }), { naive: true }),
          },
        ];
        model.data = results;

        // X-Ray: a subsegment of its own under activities_users, with what the mock data was made of.
        // captureFunc closes it when the function returns, so it is ended exactly once.
        AWSXRay.captureFunc('mock_data', (subsegment) => {
          subsegment.addMetadata('key', { now: isoformat(now, { naive: true }), 'results-size': results.length }, 'namespace');
        });
      }
      return model;
    } finally {
      span.end();
    }
  });
}

module.exports = { run };
