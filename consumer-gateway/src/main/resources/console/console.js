// Liaison analyst console: reads the gateway's SSE feed with fetch() rather than EventSource, so
// the bearer token travels in the Authorization header (never in a URL or a log) and reconnects
// resume with Last-Event-ID. Settings come from the form or the URL fragment
// (#agency=cpd&purpose=crowd-safety&token=...), which browsers never send to the server.
// Every value is written with textContent: payloads are data, never markup.
(function () {
  'use strict';

  var form = document.getElementById('subscribe');
  var feed = document.getElementById('feed');
  var status = document.getElementById('status');
  var FIELDS = ['agency', 'purpose', 'type', 'caveat', 'q', 'since', 'token'];
  var WITHHELD = { DROP: true };
  var lastEventId = null;
  var retryMillis = 2000;
  var controller = null;
  var received = 0;
  var generation = 0;
  var directives = {}; // directive id -> what this gateway has seen of it
  var directivesSection = document.getElementById('directives');
  var directiveRows = document.getElementById('directive-rows');

  function setStatus(text, kind) {
    status.textContent = text;
    status.className = 'status ' + kind;
  }

  function settingsFromFragment() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    FIELDS.forEach(function (name) {
      if (params.has(name)) {
        form.elements[name].value = params.get(name);
      }
    });
    if (!form.elements.since.value) {
      form.elements.since.value = new Date(Date.now() - 3600 * 1000).toISOString();
    }
    return params.has('agency') && params.has('purpose');
  }

  function feedUrl() {
    var query = new URLSearchParams();
    ['purpose', 'type', 'caveat', 'q', 'since'].forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) {
        query.set(name, value);
      }
    });
    return '/v1/agencies/' + encodeURIComponent(form.elements.agency.value.trim()) + '/feed?' + query.toString();
  }

  function connect(myGeneration) {
    var headers = { Accept: 'text/event-stream' };
    var token = form.elements.token.value.trim();
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    if (lastEventId) {
      headers['Last-Event-ID'] = lastEventId;
    }
    controller = new AbortController();
    setStatus('Connecting…', 'idle');
    fetch(feedUrl(), { headers: headers, signal: controller.signal, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) {
            var where = body.parameter ? ' (parameter ' + body.parameter + ')' : '';
            throw new Error(response.status + ': ' + body.error + where);
          });
        }
        setStatus('Live: ' + form.elements.agency.value + ' for ' + form.elements.purpose.value, 'live');
        loadCommand(token);
        return readStream(response.body.getReader(), myGeneration);
      })
      .then(function () {
        reconnectLater(myGeneration, 'Feed ended');
      })
      .catch(function (error) {
        if (error.name === 'AbortError') {
          return;
        }
        if (/^(401|403|400)/.test(error.message)) {
          setStatus(error.message, 'error');
          return;
        }
        reconnectLater(myGeneration, error.message);
      });
  }

  // The MOU's unified command as the gateway's policy in force has it: who holds which role, whom to
  // call, who may direct whom, and where an unanswered directive goes next.
  function loadCommand(token) {
    var headers = { Accept: 'application/json' };
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    var url = '/v1/agencies/' + encodeURIComponent(form.elements.agency.value.trim()) + '/command?purpose=' +
      encodeURIComponent(form.elements.purpose.value.trim());
    fetch(url, { headers: headers, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(showCommand)
      .catch(function () {
        showCommand(null);
      });
  }

  function showCommand(c) {
    var section = document.getElementById('command');
    var body = document.getElementById('command-body');
    body.textContent = '';
    if (!c || c.roles.length === 0) {
      section.hidden = true;
      return;
    }
    var roles = element('table', 'command-roles');
    c.roles.forEach(function (r) {
      var row = element('tr', 'command-role');
      row.dataset.role = r.role;
      [r.role, r.title, r.contact, r.channel].forEach(function (text) {
        row.appendChild(element('td', null, text));
      });
      roles.appendChild(row);
    });
    body.appendChild(roles);
    c.directives.forEach(function (k) {
      var kind = element('div', 'command-kind');
      kind.dataset.kind = k.kind;
      kind.appendChild(element('h3', null, k.kind + ': ' + k.description));
      k.grants.forEach(function (g) {
        kind.appendChild(element('p', 'grant', g.from + ' may direct ' + g.to.join(', ')));
      });
      var path = element('ol', 'escalation');
      k.escalation.forEach(function (step) {
        path.appendChild(element('li', null, step.notify + ', who has ' + step.within + ' to answer'));
      });
      kind.appendChild(element('p', 'grant', 'Unanswered or declined by its deadline, it escalates to:'));
      kind.appendChild(path);
      body.appendChild(kind);
    });
    section.hidden = false;
  }

  function reconnectLater(myGeneration, why) {
    if (myGeneration !== generation) {
      return;
    }
    setStatus(why + '; reconnecting…', 'error');
    setTimeout(function () {
      if (myGeneration === generation) {
        connect(myGeneration);
      }
    }, retryMillis);
  }

  function readStream(reader, myGeneration) {
    var decoder = new TextDecoder();
    var buffered = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done || myGeneration !== generation) {
          return;
        }
        buffered += decoder.decode(chunk.value, { stream: true });
        var frames = buffered.split('\n\n');
        buffered = frames.pop();
        frames.forEach(handleFrame);
        return pump();
      });
    }
    return pump();
  }

  function handleFrame(frame) {
    var event = { name: 'message', id: null, data: '' };
    frame.split('\n').forEach(function (line) {
      if (line.charAt(0) === ':') {
        return;
      }
      var colon = line.indexOf(':');
      var field = colon < 0 ? line : line.slice(0, colon);
      var value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') {
        event.name = value;
      } else if (field === 'data') {
        event.data += value;
      } else if (field === 'id') {
        event.id = value;
      } else if (field === 'retry' && /^\d+$/.test(value)) {
        retryMillis = parseInt(value, 10);
      }
    });
    if (!event.data) {
      return;
    }
    if (event.id) {
      lastEventId = event.id;
    }
    var data = JSON.parse(event.data);
    if (event.name === 'message') {
      showMessage(data);
    } else if (event.name === 'refused') {
      showRefused(data);
    } else if (event.name === 'dropped') {
      setStatus('Dropped by the gateway: ' + data.reason + '; resuming…', 'error');
    } else if (event.name === 'closed') {
      if (data.reason !== 'NOT_READY') {
        generation += 1; // a revoked credential or a withdrawn purpose: the same request would be refused, so no reconnect
      }
      setStatus('Closed by the gateway (' + data.reason + '): ' + data.detail, 'error');
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function showMessage(m) {
    received += 1;
    var card = element('article', 'card message');
    card.dataset.messageId = m.messageId;
    card.dataset.messageType = m.messageType;
    card.dataset.sender = m.sender;
    card.appendChild(element('h2', 'title', m.messageType + ' from ' + m.sender));
    var meta = element('p', 'meta');
    meta.appendChild(element('span', 'classification', m.classification));
    meta.appendChild(document.createTextNode(
      (m.caveats.length ? ' · caveats ' + m.caveats.join(', ') : '') +
      ' · created ' + m.createdAt + ' · id ' + m.messageId));
    card.appendChild(meta);
    var p = m.provenance;
    var provenance = element('p', 'provenance');
    [['sender', p.sender], ['purpose', p.purpose], ['policy', p.policyVersion.slice(0, 19)],
      ['rules', p.ruleIds.join(', ')], ['released', p.attestedAt]].forEach(function (pair, i) {
      if (i > 0) {
        provenance.appendChild(document.createTextNode(' · '));
      }
      provenance.appendChild(document.createTextNode(pair[0] + ' '));
      provenance.appendChild(element('b', 'provenance-' + pair[0], pair[1]));
    });
    card.appendChild(provenance);
    var table = element('table', 'fields');
    m.fields.forEach(function (f) {
      var row = element('tr');
      row.appendChild(element('td', 'path', f.path));
      var cell = element('td', 'value');
      if (f.action) {
        var withheld = WITHHELD[f.action] === true;
        var marker = element('span', 'marker ' + (withheld ? 'withheld' : 'transformed'),
          withheld ? 'withheld' : 'transformed: ' + f.action);
        marker.title = 'attested by the backbone under policy ' + p.policyVersion;
        cell.appendChild(marker);
        if (!withheld && f.value !== null) {
          cell.appendChild(document.createTextNode(' ' + f.value));
        }
      } else {
        cell.textContent = f.value === null ? '—' : String(f.value);
      }
      row.appendChild(cell);
      table.appendChild(row);
    });
    card.appendChild(table);
    feed.insertBefore(card, feed.firstChild);
    if (m.messageType === 'Directive' || m.messageType === 'Acknowledgement' || m.messageType === 'Escalation') {
      trackCommand(m);
    }
    setStatus('Live: ' + received + ' message(s) for ' + form.elements.purpose.value, 'live');
  }

  // Directives, their answers and escalations, joined by directive id as they arrive. The backbone
  // decides escalation; this only shows what the agency was sent.
  function values(m) {
    var v = {};
    m.fields.forEach(function (f) {
      v[f.path] = f.value;
    });
    return v;
  }

  function roles(v, prefix) {
    var out = [];
    for (var i = 0; v[prefix + '[' + i + '].agency'] !== undefined; i++) {
      out.push(v[prefix + '[' + i + '].agency'] + '/' + v[prefix + '[' + i + '].role']);
    }
    return out;
  }

  function trackCommand(m) {
    var v = values(m);
    var id = v.directiveId;
    if (id === undefined || id === null) {
      return;
    }
    var d = directives[id] || (directives[id] = { id: id, status: 'open', settled: false, escalated: false });
    if (m.messageType === 'Directive') {
      d.kind = v.kind;
      d.from = v['issuer.agency'] + '/' + v['issuer.role'];
      d.to = roles(v, 'addressees').join(', ');
      d.deadline = v.deadline;
    } else if (m.messageType === 'Acknowledgement') {
      var who = v['responder.agency'] + '/' + v['responder.role'];
      if (v.response === 'ACCEPT') {
        d.status = 'accepted by ' + who + ' at ' + v.respondedAt;
        d.settled = true;
      } else if (!d.settled) {
        d.status = 'declined by ' + who + (v.reason ? ': ' + v.reason : '');
      }
    } else if (m.messageType === 'Escalation') {
      d.kind = d.kind || v.kind;
      d.from = d.from || v['issuer.agency'] + '/' + v['issuer.role'];
      d.to = d.to || roles(v, 'addressees').join(', ');
      d.deadline = d.deadline || v.missedDeadline;
      if (!d.settled) {
        d.escalated = true;
        d.status = 'escalated to ' + v['notify.agency'] + '/' + v['notify.role'] + ' (step ' + v.step + ') ' +
          (v.cause === 'DECLINED' ? 'after a decline' : 'unanswered') + '; answer by ' + v.respondBy;
      }
    }
    renderDirectives();
  }

  function renderDirectives() {
    directiveRows.textContent = '';
    var list = Object.keys(directives).map(function (id) {
      return directives[id];
    });
    list.sort(function (a, b) {
      return (a.settled - b.settled) || String(a.deadline).localeCompare(String(b.deadline));
    });
    list.forEach(function (d) {
      var row = element('tr', 'directive ' + (d.settled ? 'settled' : d.escalated ? 'escalated' : 'open'));
      row.dataset.directiveId = d.id;
      [d.id, d.kind, d.from, d.to, d.deadline].forEach(function (text) {
        row.appendChild(element('td', null, text === undefined ? '—' : text));
      });
      row.appendChild(element('td', 'directive-status', d.status));
      directiveRows.appendChild(row);
    });
    directivesSection.hidden = list.length === 0;
  }

  function showRefused(r) {
    var card = element('article', 'card refused');
    card.dataset.messageId = r.messageId || '';
    card.appendChild(element('h2', 'title', 'Refused copy ' + (r.messageId || '(no id)')));
    card.appendChild(element('p', 'meta', r.reason + ': ' + r.detail +
      ' (partition ' + r.partition + ', offset ' + r.offset + '). Its content is not shown.'));
    feed.insertBefore(card, feed.firstChild);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    generation += 1;
    if (controller) {
      controller.abort();
    }
    lastEventId = null;
    received = 0;
    feed.textContent = '';
    directives = {};
    renderDirectives();
    connect(generation);
  });

  if (settingsFromFragment()) {
    generation += 1;
    connect(generation);
  }
}());
