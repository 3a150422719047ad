// ShowActivities: GET /api/activities/:activity_uuid.
// Port of backend-flask/services/show_activity.py. The uuid is not used by
// the mock data, and `replies` is one object, not an array (as in the original).
// (The Flask route called a class that did not exist and always answered 500;
// the port calls this service and answers 200.)
const { isoformat, plus, minus } = require('../lib/datetime');

function run(activity_uuid) {
  const now = new Date();
  const results = [
    {
      uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
      handle: 'Andrew Brown',
      message: 'Cloud is fun!',
      created_at: isoformat(minus(now, { days: 2 })),
      expires_at: isoformat(plus(now, { days: 5 })),
      replies: {
        uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
        handle: 'Worf',
        message: 'This post has no honor!',
        created_at: isoformat(minus(now, { days: 2 })),
      },
    },
  ];
  return results;
}

module.exports = { run };
