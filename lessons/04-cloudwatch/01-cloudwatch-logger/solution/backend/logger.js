// The Cruddur backend's logger: every line goes to the console and to the CloudWatch Logs group "cruddur",
// like the bootcamp's Python logger with a StreamHandler and a watchtower CloudWatchLogHandler.
const os = require('node:os');
const winston = require('winston');
const WinstonCloudWatch = require('winston-cloudwatch');

const logger = winston.createLogger({
  level: 'debug',
  transports: [
    new winston.transports.Console({ format: winston.format.simple() }),
    // No region, endpoint or keys here: the AWS SDK reads AWS_REGION, AWS_ENDPOINT_URL and the
    // AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY pair from the environment.
    new WinstonCloudWatch({
      level: 'debug',
      logGroupName: 'cruddur',
      // One stream per process, like watchtower's default: host name and process id.
      logStreamName: `backend-flask/${os.hostname()}/${process.pid}`,
    }),
  ],
});

module.exports = logger;
