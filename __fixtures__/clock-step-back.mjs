/* global setTimeout */
// Preloaded into the bundle (NODE_OPTIONS=--import) by a test: the wall clock steps back 20 s
// half a second after start, as an NTP correction would. Budgets must not stretch with it.
const realNow = Date.now;
let offset = 0;
setTimeout(() => {
  offset = -20_000;
}, 500).unref();
Date.now = () => realNow() + offset;
