// CreateReply: POST /api/activities/:activity_uuid/reply.
// Port of backend-flask/services/create_reply.py. Nothing is stored.
// (The Flask original crashed with 500 on any failing check; the port answers 422.)
const crypto = require('node:crypto');
const { isoformat } = require('../lib/datetime');

function run(message, user_handle, activity_uuid) {
  const model = { errors: null, data: null };
  const now = new Date();

  if (user_handle == null || user_handle.length < 1) {
    model.errors = ['user_handle_blank'];
  }

  if (activity_uuid == null || activity_uuid.length < 1) {
    model.errors = ['activity_uuid_blank'];
  }

  if (message == null || message.length < 1) {
    model.errors = ['message_blank'];
  } else if ([...message].length > 1024) {
    model.errors = ['message_exceed_max_chars'];
  }

  if (model.errors) {
    model.data = { handle: user_handle, message: message };
  } else {
    model.data = {
      uuid: crypto.randomUUID(),
      display_name: 'Andrew Brown',
      handle: user_handle,
      message: message,
      created_at: isoformat(now),
      reply_to_activity_uuid: activity_uuid,
    };
  }
  return model;
}

module.exports = { run };
