// Small stand-ins for Python's datetime, so the services read like the Flask originals.
//
//   Python: (now - timedelta(days=2)).isoformat()
//   Node:   isoformat(minus(now, { days: 2 }))
//
// isoformat() reproduces Python's output for an aware UTC datetime:
//   2023-02-25T18:39:27.123000+00:00
// JavaScript only has milliseconds, so the fraction is padded to 6 digits
// (microseconds). Like Python, the fraction is left out when it is exactly 0.
// With { naive: true } the offset is left out, like Python's datetime.now()
// (used by user_activities.js; the original container ran in UTC).

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

function pad(value, width = 2) {
  return String(value).padStart(width, '0');
}

function toDate(value) {
  return value instanceof Date ? value : new Date(value);
}

function isoformat(value, { naive = false } = {}) {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) throw new RangeError('isoformat: invalid date');
  let text =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  if (ms !== 0) text += `.${pad(ms * 1000, 6)}`;
  return naive ? text : `${text}+00:00`;
}

function offsetMs({ days = 0, hours = 0 } = {}) {
  return days * DAY_MS + hours * HOUR_MS;
}

// now + timedelta(...)
function plus(value, delta) {
  return new Date(toDate(value).getTime() + offsetMs(delta));
}

// now - timedelta(...)
function minus(value, delta) {
  return new Date(toDate(value).getTime() - offsetMs(delta));
}

module.exports = { isoformat, plus, minus };
