// CreateMessage: POST /api/messages.
// Port of backend-flask/services/create_message.py. Nothing is stored, and
// the receiver handle is not echoed. Error code spelling kept: "reciever".
const crypto = require('node:crypto');
const { isoformat } = require('../lib/datetime');

function run(message, user_sender_handle, user_receiver_handle) {
  const model = { errors: null, data: null };
  const now = new Date();

  if (user_sender_handle == null || user_sender_handle.length < 1) {
    model.errors = ['user_sender_handle_blank'];
  }

  if (user_receiver_handle == null || user_receiver_handle.length < 1) {
    model.errors = ['user_reciever_handle_blank'];
  }

  if (message == null || message.length < 1) {
    model.errors = ['message_blank'];
  } else if ([...message].length > 1024) {
    model.errors = ['message_exceed_max_chars'];
  }

  if (model.errors) {
    model.data = { handle: user_sender_handle, message: message };
  } else {
    model.data = {
      uuid: crypto.randomUUID(),
      display_name: 'Andrew Brown',
      handle: user_sender_handle,
      message: message,
      created_at: isoformat(now),
    };
  }
  return model;
}

module.exports = { run };
