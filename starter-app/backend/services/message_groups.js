// MessageGroups: GET /api/message_groups.
// Port of backend-flask/services/message_groups.py (the list includes the user himself).
const { isoformat } = require('../lib/datetime');

function run(user_handle) {
  const model = { errors: null, data: null };
  const now = new Date();

  const results = [
    {
      uuid: '24b95582-9e7b-4e0a-9ad1-639773ab7552',
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      created_at: isoformat(now),
    },
    {
      uuid: '417c360e-c4e6-4fce-873b-d2d71469b4ac',
      display_name: 'Worf',
      handle: 'worf',
      created_at: isoformat(now),
    },
  ];
  model.data = results;
  return model;
}

module.exports = { run };
