'use strict';
// The organiser's board. Everything the server sends is inserted as text (append/textContent),
// never as HTML; links are taken only when they are http(s) URLs.
(() => {
  const STAGES = ['fetch', 'check', 'build', 'push', 'rollout', 'ready'];
  const GOOD = ['READY', 'LIVE'];
  const BAD = ['FAILED', 'ROLLED_BACK', 'UNKNOWN'];
  const BUSY = ['PROVISIONING', 'PENDING', 'RECEIVED', 'FETCHING', 'CHECKING', 'BUILDING', 'ROLLING_OUT'];
  let skew = 0; // server clock minus this browser's, so ages are the server's

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    });
    children.flat().forEach(child => {
      if (child === null || child === undefined) return;
      node.append(child instanceof Node ? child : String(child));
    });
    return node;
  }

  function link(url, text) {
    return typeof url === 'string' && /^https?:\/\//.test(url)
      ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', title: 'open in the Temporal UI' }, text)
      : el('span', {}, text);
  }

  function badge(status) {
    const kind = GOOD.includes(status) ? 'good' : BAD.includes(status) ? 'bad' : BUSY.includes(status) ? 'busy' : 'other';
    return el('span', { class: 'badge ' + kind, 'data-status': status },
      (kind === 'bad' ? '⚠ ' : '') + String(status || '?').replace(/_/g, ' '));
  }

  function age(iso) {
    return el('time', { datetime: iso, 'data-at': iso }, ageText(iso));
  }

  function ageText(iso) {
    const at = Date.parse(iso);
    if (!iso || Number.isNaN(at)) return '';
    const s = Math.max(0, Math.round((Date.now() + skew - at) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 172800) return Math.floor(s / 3600) + ' h ago';
    return Math.floor(s / 86400) + ' d ago';
  }

  function replace(id, ...content) {
    document.getElementById(id).replaceChildren(...content);
  }

  function renderJobs(jobs) {
    const content = [];
    if (jobs.error) content.push(el('p', { class: 'problem' }, jobs.error));
    if (!jobs.running.length) {
      content.push(el('p', { class: 'quiet' }, 'No team creation or broadcast is running.'));
    } else {
      content.push(el('table', { id: 'running' },
        el('tr', {}, ['kind', 'workflow', 'started', 'progress'].map(h => el('th', {}, h))),
        jobs.running.map(job => {
          const p = job.progress;
          return el('tr', { 'data-workflow': job.workflowId, 'data-kind': job.kind },
            el('td', {}, job.kind === 'teams' ? 'team creation' : job.kind === 'challenge' ? 'broadcast' : job.kind),
            el('td', {}, link(job.temporalUi, job.workflowId)),
            el('td', {}, age(job.startedAt)),
            el('td', {}, p
              ? [el('progress', { value: p.done, max: Math.max(p.total, 1) }),
                 ' ' + p.done + ' / ' + p.total + ' teams' + (p.failed ? ', ' + p.failed + ' failed' : '')]
              : el('span', { class: 'quiet' }, job.note || 'starting')));
        })));
    }
    replace('jobs', ...content);
  }

  function renderBoard(board) {
    if (!board.teams.length && !board.challenges.length) {
      replace('board', el('p', { class: 'quiet' }, 'No teams yet.'));
      return;
    }
    const cells = new Map(board.cells.map(c => [c.team + '/' + c.challenge, c]));
    const head = el('tr', {}, el('th', {}, 'team'), board.challenges.map(c =>
      el('th', { 'data-challenge': c.name }, link(c.temporalUi, c.name),
        c.version ? el('div', { class: 'quiet mono' }, c.version) : null)));
    const rows = board.teams.map(team => el('tr', { 'data-team': team.name, class: team.failing ? 'failing' : null },
      el('th', {}, link(team.temporalUi, team.name), ' ', badge(team.state),
        team.error ? el('div', { class: 'error', title: team.error }, team.error) : null),
      board.challenges.map(challenge => {
        const cell = cells.get(team.name + '/' + challenge.name);
        return cell ? renderCell(cell) : el('td', { class: 'quiet' }, '—');
      })));
    replace('board', el('table', { id: 'grid' }, head, rows));
  }

  function renderCell(cell) {
    const patch = cell.lastPatch;
    return el('td', { class: 'cell' + (cell.failing ? ' failing' : ''), 'data-cell': cell.team + '/' + cell.challenge },
      el('div', {}, badge(cell.state), cell.failing ? el('strong', { class: 'error' }, ' failing') : null, ' ',
        el('span', { class: 'mono', title: cell.image || '' }, cell.shortDigest || 'no image')),
      el('div', {}, el('span', { class: 'mono', title: cell.commit || '' },
        cell.shortCommit ? 'commit ' + cell.shortCommit : 'no commit'), ' · ',
        patch
          ? el('span', { 'data-last-patch': patch.commit }, 'last patch ', link(patch.temporalUi, patch.shortCommit), ' ',
              badge(patch.status), ' ', age(patch.endedAt || patch.receivedAt))
          : el('span', { class: 'quiet' }, 'no patch yet')),
      cell.error ? el('div', { class: 'error', title: cell.error }, cell.error) : null,
      patch && patch.failing && patch.error ? el('div', { class: 'error', title: patch.error }, patch.error) : null);
  }

  function renderPatches(patches) {
    if (!patches.length) {
      replace('patches', el('p', { class: 'quiet' }, 'No patch yet.'));
      return;
    }
    const head = el('tr', {}, ['received', 'team', 'challenge', 'commit', 'message', 'trigger', 'status']
      .concat(STAGES.map(s => s + ' ms'), ['total ms', 'digest', 'error']).map(h => el('th', {}, h)));
    const rows = patches.map(p => el('tr', { 'data-patch-commit': p.commit, class: p.failing ? 'failing' : null },
      el('td', {}, age(p.receivedAt)),
      el('td', {}, p.team),
      el('td', {}, p.challenge),
      el('td', { class: 'mono' }, link(p.temporalUi, p.shortCommit)),
      el('td', {}, el('div', { class: 'clip', title: p.message }, p.message)),
      el('td', {}, p.trigger),
      el('td', {}, badge(p.status)),
      STAGES.map(s => {
        const stage = p.stages[s];
        return el('td', { class: 'num' + (stage && stage.error ? ' failing' : ''), title: stage && stage.error ? stage.error : null },
          stage ? (stage.millis === null || stage.millis === undefined ? '…' : stage.millis) : '');
      }),
      el('td', { class: 'num' }, p.totalMillis === null || p.totalMillis === undefined ? '' : p.totalMillis),
      el('td', { class: 'mono' }, p.shortDigest || ''),
      el('td', {}, p.error ? el('div', { class: 'error', title: p.error }, p.error) : '')));
    replace('patches', el('table', { id: 'latest' }, head, rows));
  }

  function render(message) {
    if (message.serverTime) skew = Date.parse(message.serverTime) - Date.now();
    const problem = document.getElementById('problem');
    if (message.board.error) {
      problem.textContent = message.board.error;
      problem.hidden = false;
      return;
    }
    problem.hidden = true;
    renderJobs(message.board.jobs);
    renderBoard(message.board);
    renderPatches(message.board.patches);
    const live = document.getElementById('live');
    live.className = 'live';
    live.textContent = 'live · updated ' + new Date().toLocaleTimeString();
  }

  function connect() {
    const events = new EventSource('/api/v1/board/events');
    events.addEventListener('board', e => render(JSON.parse(e.data)));
    events.onerror = () => {
      const live = document.getElementById('live');
      live.className = 'live down';
      live.textContent = 'connection lost, reconnecting…';
      // An expired session cannot reconnect: back to the login form.
      fetch('/api/v1/board', { credentials: 'same-origin' }).then(r => {
        if (r.status === 401) {
          events.close();
          window.location.assign('/');
        }
      }).catch(() => {});
    };
  }

  setInterval(() => document.querySelectorAll('[data-at]').forEach(t => {
    t.textContent = ageText(t.getAttribute('data-at'));
  }), 1000);
  connect();
})();
