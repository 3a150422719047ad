// HomeActivities: the home feed (GET /api/activities/home).
// Port of backend-flask/services/home_activities.py. Mock data, no database yet.
const { trace } = require('@opentelemetry/api');
const { isoformat, plus, minus } = require('../lib/datetime');
const logger = require('../logger');

const tracer = trace.getTracer('home.activities');

function run() {
  logger.info('HomeActivities');
  return tracer.startActiveSpan('home-activities-mock-data', (span) => {
    try {
      const now = new Date();
      span.setAttribute('app.now', isoformat(now));
      const results = [
        {
          uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
          handle: 'Andrew Brown',
          message: 'Cloud is very fun!',
          created_at: isoformat(minus(now, { days: 2 })),
          expires_at: isoformat(plus(now, { days: 5 })),
          likes_count: 5,
          replies_count: 1,
          reposts_count: 0,
          replies: [
            {
              uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
              reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
              handle: 'Worf',
              message: 'This post has no honor!',
              likes_count: 0,
              replies_count: 0,
              reposts_count: 0,
              created_at: isoformat(minus(now, { days: 2 })),
            },
          ],
        },
        {
          uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67',
          handle: 'Worf',
          message: 'I am out of prune juice',
          created_at: isoformat(minus(now, { days: 7 })),
          expires_at: isoformat(plus(now, { days: 9 })),
          likes: 0,
          replies: [],
        },
        {
          uuid: '248959df-3079-4947-b847-9e0892d1bab4',
          handle: 'Garek',
          message: 'My dear doctor, I am just simple tailor',
          created_at: isoformat(minus(now, { hours: 1 })),
          expires_at: isoformat(plus(now, { hours: 12 })),
          likes: 0,
          replies: [],
        },
      ];
      span.setAttribute('app.result_length', results.length);
      return results;
    } finally {
      span.end();
    }
  });
}

module.exports = { run };
