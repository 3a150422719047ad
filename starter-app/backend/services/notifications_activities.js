// NotificationsActivities: GET /api/activities/notifications (week-1 homework).
// Port of backend-flask/services/notifications_activities.py.
const { isoformat, plus, minus } = require('../lib/datetime');

function run() {
  const now = new Date();
  const results = [
    {
      uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
      handle: 'coco',
      message: 'I am white unicorn',
      created_at: isoformat(minus(now, { days: 2 })),
      expires_at: isoformat(plus(now, { days: 5 })),
      likes_count: 5,
      replies_count: 1,
      reposts_count: 0,
      replies: [
        {
          uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67',
          reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
          handle: 'worf',
          message: 'this post has no honor!',
          likes_count: 0,
          replies_count: 0,
          reposts_count: 0,
          created_at: isoformat(minus(now, { days: 2 })),
        },
      ],
    },
  ];
  return results;
}

module.exports = { run };
