// Cruddur UI (plain JavaScript, no build step).
// The page calls the API on its own origin (/api/..., forwarded by server.js),
// unless window.CRUDDUR_BACKEND_URL is set, in which case it calls that
// origin directly (cross-origin, like the original React app did).
(function () {
  'use strict';

  const BACKEND = (window.CRUDDUR_BACKEND_URL || '').replace(/\/+$/, '');
  const MAX_CHARS = 240; // the original UI's counter for activities

  function apiUrl(path) {
    return BACKEND + path;
  }

  // ---- time formatting (the original used luxon; same rules) --------------

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  // An ISO string with an offset is exact; one without (user activities) is
  // read as local time, as luxon's DateTime.fromISO did.
  function parseTime(value) {
    if (typeof value !== 'string') return null;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms);
  }

  function formatCreatedAt(value) {
    const past = parseTime(value);
    if (!past) return '';
    const diffMins = (Date.now() - past.getTime()) / 60000;
    const diffHours = diffMins / 60;
    if (diffHours > 24) return `${MONTHS[past.getMonth()]} ${past.getDate()}`;
    if (diffHours >= 1) return `${Math.floor(diffHours)}h`;
    return `${Math.max(0, Math.round(diffMins))}m`;
  }

  function formatExpiresAt(value) {
    const future = parseTime(value);
    if (!future) return '';
    const diffMins = (future.getTime() - Date.now()) / 60000;
    const diffHours = diffMins / 60;
    if (diffHours > 24) return `${Math.floor(diffHours / 24)}d`;
    if (diffHours >= 1) return `${Math.floor(diffHours)}h`;
    return `${Math.max(0, Math.round(diffMins))}m`;
  }

  // ---- rendering (DOM nodes only: message text is never parsed as HTML) ----

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function initials(activity) {
    const source = String(activity.display_name || activity.handle || '?');
    const parts = source.trim().split(/\s+/).filter(Boolean);
    const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : source.slice(0, 2);
    return letters.toUpperCase();
  }

  function counter(label, icon, count) {
    const node = el('span', 'action');
    node.title = label;
    node.appendChild(el('span', 'icon', icon));
    // Counters are shown only when greater than zero.
    if (typeof count === 'number' && count > 0) node.appendChild(el('span', 'n', count));
    return node;
  }

  function renderActivity(activity) {
    const item = el('article', 'activity');
    item.dataset.uuid = activity.uuid || '';

    const avatar = el('div', 'avatar', initials(activity));
    avatar.setAttribute('aria-hidden', 'true');
    item.appendChild(avatar);

    const body = el('div', 'activity-body');
    const meta = el('div', 'activity-meta');
    meta.appendChild(el('span', 'name display-name', activity.display_name || ''));
    meta.appendChild(el('span', 'handle', '@' + (activity.handle || '')));
    const created = el('time', 'time created-at', formatCreatedAt(activity.created_at));
    if (activity.created_at) {
      created.dateTime = activity.created_at;
      created.title = activity.created_at;
    }
    meta.appendChild(created);
    body.appendChild(meta);

    body.appendChild(el('p', 'message', activity.message));

    if (activity.expires_at) {
      const expires = el('span', 'expires', 'expires in ' + formatExpiresAt(activity.expires_at));
      expires.title = activity.expires_at;
      body.appendChild(expires);
    }

    const actions = el('div', 'actions');
    actions.appendChild(counter('Reply', '↩', activity.replies_count));
    actions.appendChild(counter('Repost', '⟲', activity.reposts_count));
    actions.appendChild(counter('Like', '♥', activity.likes_count));
    body.appendChild(actions);

    if (Array.isArray(activity.replies) && activity.replies.length > 0) {
      const replies = el('div', 'replies');
      for (const reply of activity.replies) replies.appendChild(renderActivity(reply));
      body.appendChild(replies);
    }

    item.appendChild(body);
    return item;
  }

  // ---- feed ------------------------------------------------------------

  const feed = document.getElementById('feed');
  let activities = [];

  function renderFeed() {
    feed.replaceChildren();
    if (activities.length === 0) {
      feed.appendChild(el('p', 'status', 'Nothing to see here yet.'));
    }
    for (const activity of activities) feed.appendChild(renderActivity(activity));
    feed.setAttribute('aria-busy', 'false');
  }

  function showFeedError(text) {
    feed.replaceChildren(el('p', 'status error', text));
    feed.setAttribute('aria-busy', 'false');
  }

  async function loadHome() {
    try {
      const res = await fetch(apiUrl('/api/activities/home'));
      if (!res.ok) {
        showFeedError(`Could not load the home feed (HTTP ${res.status}).`);
        return;
      }
      const data = await res.json();
      activities = Array.isArray(data) ? data : [];
      renderFeed();
    } catch (error) {
      showFeedError('Could not reach the backend: ' + error.message);
    }
  }

  // ---- post form -----------------------------------------------------------

  const form = document.getElementById('activity-form');
  const messageInput = document.getElementById('activity-message');
  const ttlSelect = document.getElementById('activity-ttl');
  const count = document.getElementById('activity-count');
  const submit = document.getElementById('activity-submit');
  const formError = document.getElementById('activity-error');

  const ERROR_TEXT = {
    message_blank: 'Write something first.',
    message_exceed_max_chars: 'That message is too long.',
    ttl_blank: 'Pick when the message expires.',
    user_handle_blank: 'No user is signed in.',
  };

  function updateCount() {
    const left = MAX_CHARS - Array.from(messageInput.value).length;
    count.textContent = String(left);
    count.classList.toggle('over', left < 0);
  }

  function showFormError(text) {
    formError.textContent = text;
    formError.hidden = !text;
  }

  messageInput.addEventListener('input', updateCount);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError('');
    submit.disabled = true;
    try {
      const res = await fetch(apiUrl('/api/activities'), {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: messageInput.value, ttl: ttlSelect.value }),
      });
      let data = null;
      try {
        data = await res.json();
      } catch {
        data = null;
      }
      if (res.status === 200 && data) {
        activities = [data, ...activities];
        renderFeed();
        messageInput.value = '';
        updateCount();
      } else if (res.status === 422 && Array.isArray(data)) {
        showFormError(data.map((code) => ERROR_TEXT[code] || code).join(' '));
      } else {
        showFormError(`Could not post (HTTP ${res.status}).`);
      }
    } catch (error) {
      showFormError('Could not reach the backend: ' + error.message);
    } finally {
      submit.disabled = false;
    }
  });

  updateCount();
  loadHome();
})();
