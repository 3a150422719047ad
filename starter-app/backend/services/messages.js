// Messages: GET /api/messages/@:handle.
// Port of backend-flask/services/messages.py. Both handles are ignored by the mock data.
const { isoformat } = require('../lib/datetime');

function run(user_sender_handle, user_receiver_handle) {
  const model = { errors: null, data: null };
  const now = new Date();

  const results = [
    {
      uuid: '4e81c06a-db0f-4281-b4cc-98208537772a',
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'Cloud is fun!',
      created_at: isoformat(now),
    },
    {
      uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67',
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'This platform is great!',
      created_at: isoformat(now),
    },
  ];
  model.data = results;
  return model;
}

module.exports = { run };
