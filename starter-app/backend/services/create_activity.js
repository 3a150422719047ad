// CreateActivity: POST /api/activities.
// Port of backend-flask/services/create_activity.py. Nothing is stored.
// Each failing check REPLACES model.errors, so only the last one is reported.
const crypto = require('node:crypto');
const { isoformat, plus } = require('../lib/datetime');

const TTL_OFFSETS = {
  '30-days': { days: 30 },
  '7-days': { days: 7 },
  '3-days': { days: 3 },
  '1-day': { days: 1 },
  '12-hours': { hours: 12 },
  '3-hours': { hours: 3 },
  '1-hour': { hours: 1 },
};

function run(message, user_handle, ttl) {
  const model = { errors: null, data: null };
  const now = new Date();

  let ttl_offset = null;
  if (Object.hasOwn(TTL_OFFSETS, ttl)) {
    ttl_offset = TTL_OFFSETS[ttl];
  } else {
    model.errors = ['ttl_blank'];
  }

  if (user_handle == null || user_handle.length < 1) {
    model.errors = ['user_handle_blank'];
  }

  // Python's len() counts code points; [...message].length does too.
  if (message == null || message.length < 1) {
    model.errors = ['message_blank'];
  } else if ([...message].length > 280) {
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
      expires_at: isoformat(plus(now, ttl_offset)),
    };
  }
  return model;
}

module.exports = { run };
