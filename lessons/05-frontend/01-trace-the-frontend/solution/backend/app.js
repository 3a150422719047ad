// Cruddur backend: a Node.js port of backend-flask/app.py (AWS Cloud Project
// Bootcamp 2023, end of week 1). Every route calls one service in services/,
// as in the Flask app. The data is mock data; nothing is stored.
//
// This file is CommonJS (require) on purpose. OpenTelemetry's automatic
// instrumentation patches modules as they are require()d (require-in-the-middle),
// so when `require('./tracing');` is the FIRST line of this file, the tracing
// setup runs before express is loaded and express gets patched. With ES module
// imports that order is not guaranteed (imports are hoisted) and a loader hook
// would be needed instead.

// Tracing first: the instrumentations can only patch http and express if they load before them.
require('./tracing');

const express = require('express');
const cors = require('cors');
// X-Ray: the SDK sends one segment per request to the daemon at AWS_XRAY_DAEMON_ADDRESS (UDP).
const AWSXRay = require('aws-xray-sdk-core');
const xrayExpress = require('aws-xray-sdk-express');

const HomeActivities = require('./services/home_activities');
const NotificationsActivities = require('./services/notifications_activities');
const UserActivities = require('./services/user_activities');
const SearchActivities = require('./services/search_activities');
const CreateActivity = require('./services/create_activity');
const ShowActivities = require('./services/show_activities');
const CreateReply = require('./services/create_reply');
const MessageGroups = require('./services/message_groups');
const Messages = require('./services/messages');
const CreateMessage = require('./services/create_message');

// CloudWatch Logs: every line goes to the log group "cruddur" (see logger.js).
const logger = require('./logger');

// Rollbar: errors and messages go to the project whose token is in ROLLBAR_ACCESS_TOKEN.
const rollbar = require('./rollbar');

// There is no authentication yet: every request is made by this user.
const CURRENT_USER_HANDLE = 'andrewbrown';

// Flask's own pages for an unknown URL or a wrong method (Werkzeug's text).
const NOT_FOUND_HTML =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
  '<p>The requested URL was not found on the server. If you entered the URL manually ' +
  'please check your spelling and try again.</p>\n';
const METHOD_NOT_ALLOWED_HTML =
  '<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n' +
  '<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n';

function trimSlash(url) {
  return url.replace(/\/+$/, '');
}

// Flask sends whatever the view returns, and fails when it returns nothing:
// "TypeError: The view function for 'data_home' did not return a valid response...".
// Express would happily send an empty 200, so we fail the same way on purpose.
function respond(res, viewName, data, status = 200) {
  if (data === undefined) {
    throw new Error(
      `The view function for '${viewName}' did not return a valid response. ` +
        'The function either returned None or ended without a return statement.'
    );
  }
  return res.status(status).json(data);
}

// Flask's `request.json['message']`. The original crashed (KeyError, HTTP 500)
// on a missing key; the port treats a missing key (or a value that is not a
// string) as blank, so validation answers 422.
function jsonField(req, key) {
  const body = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const value = body[key];
  return typeof value === 'string' ? value : null;
}

// Flask's `request.args.get('term')`: the first value, or null.
function queryField(req, key) {
  const value = req.query[key];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : null;
  return typeof value === 'string' ? value : null;
}

// Flask refuses to read JSON from a request that is not application/json.
function requireJson(req, res, next) {
  if (req.is(['application/json', 'application/*+json'])) return next();
  res.status(415).json({
    error:
      "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
  });
}

function methodNotAllowed(allow) {
  return (req, res) => {
    res.set('Allow', allow);
    if (req.method === 'OPTIONS') return res.status(200).end();
    res.status(405).type('html').send(METHOD_NOT_ALLOWED_HTML);
  };
}

// Werkzeug-style request line, e.g.
// 127.0.0.1 - - [25/Feb/2023 18:39:27] "GET /api/activities/home HTTP/1.1" 200 -
function accessLog(req, res, next) {
  res.on('finish', () => {
    const d = new Date();
    const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
    const p = (n) => String(n).padStart(2, '0');
    const stamp = `${p(d.getUTCDate())}/${month}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
    const addr = (req.socket.remoteAddress || '-').replace(/^::ffff:/, '');
    process.stderr.write(
      `${addr} - - [${stamp}] "${req.method} ${req.originalUrl} HTTP/${req.httpVersion}" ${res.statusCode} -\n`
    );
  });
  next();
}

function createApp({ logRequests = false } = {}) {
  const app = express();
  app.set('x-powered-by', false);

  // X-Ray, like the bootcamp's xray_recorder.configure(service='backend-flask', dynamic_naming=xray_url):
  // a request whose Host matches AWS_XRAY_URL is named after that host, every other one "backend-flask".
  // Only with a pattern: enableDynamicNaming() without one names EVERY segment after its Host header.
  const xrayUrl = process.env.AWS_XRAY_URL;
  if (xrayUrl) AWSXRay.middleware.enableDynamicNaming(xrayUrl);
  app.use(xrayExpress.openSegment('backend-flask'));
  if (logRequests) app.use(accessLog);

  // ---- CloudWatch: one log line per request, like Flask's after_request ------------------
  // On "finish", so the line has the status the client really got.
  app.use(function after_request(req, res, next) {
    res.on('finish', () => {
      logger.info(`${req.ip} ${req.method} ${req.protocol} ${req.originalUrl} ${res.statusCode}`);
    });
    next();
  });

  app.use(express.json({ type: ['application/json', 'application/*+json'] }));

  // ---- CORS --------------------------------------------------------------
  // Flask: CORS(app, resources={r"/api/*": {"origins": origins}}, ...)
  const frontend = process.env.FRONTEND_URL;
  const backend = process.env.BACKEND_URL;
  const origins = [frontend, backend].filter(Boolean).map(trimSlash);
  const apiCors = cors({
    origin: origins,
    exposedHeaders: ['location', 'link'],
    allowedHeaders: ['content-type', 'if-modified-since', 'traceparent'],
    methods: 'OPTIONS,GET,HEAD,POST',
    optionsSuccessStatus: 200,
  });
  // Flask: @cross_origin() without arguments on the three POST routes:
  // any origin (echoed back), any requested header, every method.
  const crossOrigin = cors({
    origin: true,
    methods: 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT',
    optionsSuccessStatus: 200,
  });

  // ---- POST routes (with their own CORS, so they come before app-wide /api CORS)

  // @app.route("/api/messages", methods=['POST','OPTIONS'])
  app.options('/api/messages', crossOrigin);
  app.post('/api/messages', crossOrigin, requireJson, function data_create_message(req, res) {
    const user_sender_handle = CURRENT_USER_HANDLE;
    const user_receiver_handle = jsonField(req, 'user_receiver_handle');
    const message = jsonField(req, 'message');
    const model = CreateMessage.run(message, user_sender_handle, user_receiver_handle);
    if (model.errors !== null) {
      return respond(res, 'data_create_message', model.errors, 422);
    }
    return respond(res, 'data_create_message', model.data, 200);
  });

  // @app.route("/api/activities", methods=['POST','OPTIONS'])
  app.options('/api/activities', crossOrigin);
  app.post('/api/activities', crossOrigin, requireJson, function data_activities(req, res) {
    const user_handle = CURRENT_USER_HANDLE;
    const message = jsonField(req, 'message');
    const ttl = jsonField(req, 'ttl');
    const model = CreateActivity.run(message, user_handle, ttl);
    if (model.errors !== null) {
      return respond(res, 'data_activities', model.errors, 422);
    }
    return respond(res, 'data_activities', model.data, 200);
  });

  // @app.route("/api/activities/<string:activity_uuid>/reply", methods=['POST','OPTIONS'])
  app.options('/api/activities/:activity_uuid/reply', crossOrigin);
  app.post(
    '/api/activities/:activity_uuid/reply',
    crossOrigin,
    requireJson,
    function data_activities_reply(req, res) {
      const user_handle = CURRENT_USER_HANDLE;
      const activity_uuid = req.params.activity_uuid;
      const message = jsonField(req, 'message');
      const model = CreateReply.run(message, user_handle, activity_uuid);
      if (model.errors !== null) {
        return respond(res, 'data_activities_reply', model.errors, 422);
      }
      return respond(res, 'data_activities_reply', model.data, 200);
    }
  );

  // Every other /api/* route: only FRONTEND_URL and BACKEND_URL may read responses.
  app.use('/api', apiCors);

  // ---- GET routes (static paths and /@:handle before /:activity_uuid) -------

  // @app.route("/api/message_groups", methods=['GET'])
  app.get('/api/message_groups', function data_message_groups(req, res) {
    const user_handle = CURRENT_USER_HANDLE;
    const model = MessageGroups.run(user_handle);
    if (model.errors !== null) {
      return respond(res, 'data_message_groups', model.errors, 422);
    }
    return respond(res, 'data_message_groups', model.data, 200);
  });

  // @app.route("/api/messages/@<string:handle>", methods=['GET'])
  app.get('/api/messages/@:handle', function data_messages(req, res) {
    const user_sender_handle = CURRENT_USER_HANDLE;
    const user_receiver_handle = queryField(req, 'user_reciever_handle');
    const model = Messages.run(user_sender_handle, user_receiver_handle);
    if (model.errors !== null) {
      return respond(res, 'data_messages', model.errors, 422);
    }
    return respond(res, 'data_messages', model.data, 200);
  });

  // @app.route("/api/activities/home", methods=['GET'])
  app.get('/api/activities/home', function data_home(req, res) {
    const data = HomeActivities.run();
    return respond(res, 'data_home', data, 200);
  });

  // @app.route("/api/activities/notifications", methods=['GET'])
  app.get('/api/activities/notifications', function data_notifications(req, res) {
    const data = NotificationsActivities.run();
    return respond(res, 'data_notifications', data, 200);
  });

  // @app.route("/api/activities/search", methods=['GET'])
  app.get('/api/activities/search', function data_search(req, res) {
    const term = queryField(req, 'term');
    const model = SearchActivities.run(term);
    if (model.errors !== null) {
      return respond(res, 'data_search', model.errors, 422);
    }
    return respond(res, 'data_search', model.data, 200);
  });

  // @app.route("/api/activities/@<string:handle>", methods=['GET'])
  app.get('/api/activities/@:handle', function data_handle(req, res) {
    // X-Ray: a subsegment around the service call, like @xray_recorder.capture('activities_users') in Flask.
    const model = AWSXRay.captureFunc('activities_users', () => UserActivities.run(req.params.handle));
    if (model.errors !== null) {
      return respond(res, 'data_handle', model.errors, 422);
    }
    return respond(res, 'data_handle', model.data, 200);
  });

  // @app.route("/api/activities/<string:activity_uuid>", methods=['GET'])
  app.get('/api/activities/:activity_uuid', function data_show_activity(req, res) {
    const data = ShowActivities.run(req.params.activity_uuid);
    return respond(res, 'data_show_activity', data, 200);
  });

  // @app.route("/rollbar/test") (added in week 2; outside /api/*, so no CORS)
  app.get('/rollbar/test', function rollbar_test(req, res) {
    rollbar.warning('Hello World!');
    res.type('html').send('Hello World!');
  });

  // ---- Wrong method on a known path: 405, like Flask --------------------------
  app.all(
    ['/api/messages', '/api/activities', '/api/activities/:activity_uuid/reply'],
    methodNotAllowed('OPTIONS, POST')
  );
  app.all(
    [
      '/api/message_groups',
      '/api/messages/@:handle',
      '/api/activities/home',
      '/api/activities/notifications',
      '/api/activities/search',
      '/api/activities/@:handle',
      '/api/activities/:activity_uuid',
      '/rollbar/test',
    ],
    methodNotAllowed('GET, HEAD, OPTIONS')
  );

  // ---- Unknown path (GET / included): 404, like Flask ----------------------
  app.use((req, res) => {
    res.status(404).type('html').send(NOT_FOUND_HTML);
  });

  // X-Ray: records a thrown error on the request's segment (fault), then passes it on.
  app.use(xrayExpress.closeSegment());

  // ---- Rollbar: every error a route throws, with its stack trace and the request ----------
  // After the routes, before the handler below: Rollbar reports the error, then passes it on.
  app.use(rollbar.errorHandler());

  // ---- Errors: JSON, never a stack trace in the body -------------------------
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    const status = Number(err.status || err.statusCode);
    if (status >= 400 && status < 500) {
      // e.g. malformed JSON body (400) or a body that is too large (413)
      return res.status(status).json({ error: err.expose ? err.message : 'Bad Request' });
    }
    console.error(err);
    if (res.headersSent) return next(err);
    res.status(500).json({ error: 'Internal Server Error' });
  });

  return app;
}

module.exports = { createApp };

if (require.main === module) {
  const port = Number(process.env.PORT || 4567);
  const host = process.env.HOST || '0.0.0.0';
  const app = createApp({ logRequests: process.env.ACCESS_LOG !== 'off' });
  app.listen(port, host, (error) => {
    if (error) throw error;
    console.log(` * Running on http://${host}:${port} (Cruddur backend)`);
  });
}
