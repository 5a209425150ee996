// Keeps the dashboard's live section current: server-sent events from /live (HTML rendered and escaped by the
// server), or polling /live/fragment where EventSource is missing. No page reloads, no framework.
(function () {
  'use strict';
  var live = document.getElementById('live');
  var status = document.getElementById('live-status');
  if (!live) { return; }
  function apply(html) { live.innerHTML = html; if (status) { status.textContent = 'live · updated ' + new Date().toLocaleTimeString(); } }
  function poll() {
    fetch(live.dataset.fragment, { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(apply)
      .catch(function () { if (status) { status.textContent = 'cannot reach the web view; retrying'; } })
      .finally(function () { setTimeout(poll, 2000); });
  }
  if (!window.EventSource) { poll(); return; }
  var source = new EventSource(live.dataset.source);
  source.addEventListener('update', function (e) { apply(e.data); });
  source.onerror = function () { if (status) { status.textContent = 'reconnecting…'; } };
}());
