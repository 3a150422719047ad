/** The Cruddur backend's routes (shared/reference/cruddur-api.md §2), offered in the Requests panel. */
import type { Method } from './app-request.ts';

export interface RoutePreset {
  label: string;
  method: Method;
  path: string;
  body?: string;
}

export const cruddurRoutes: readonly RoutePreset[] = [
  { label: 'Home feed', method: 'GET', path: '/api/activities/home' },
  { label: 'Notifications', method: 'GET', path: '/api/activities/notifications' },
  { label: 'A user’s activities', method: 'GET', path: '/api/activities/@andrewbrown' },
  { label: 'Search', method: 'GET', path: '/api/activities/search?term=cloud' },
  { label: 'Search without a term (422)', method: 'GET', path: '/api/activities/search' },
  { label: 'Create an activity', method: 'POST', path: '/api/activities', body: '{"message": "Tracing is fun!", "ttl": "7-days"}' },
  { label: 'Show an activity', method: 'GET', path: '/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee' },
  { label: 'Reply to an activity', method: 'POST', path: '/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply', body: '{"message": "Agreed!"}' },
  { label: 'Message groups', method: 'GET', path: '/api/message_groups' },
  { label: 'Messages with a user', method: 'GET', path: '/api/messages/@bayko' },
  { label: 'Send a message', method: 'POST', path: '/api/messages', body: '{"user_receiver_handle": "bayko", "message": "Hello"}' },
  { label: 'Rollbar test', method: 'GET', path: '/rollbar/test' },
];
