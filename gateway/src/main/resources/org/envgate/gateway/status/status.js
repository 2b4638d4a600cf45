// The status page: fetches api/status every few seconds and shows it. Every text from the
// gateway goes into the page through textContent, never as HTML.
'use strict';

(function () {
  const REFRESH_MS = 5000;
  const TIMEOUT_MS = 4000;
  const STALE_MS = 15000;

  // State in words and in a color class: good, waiting or fault.
  const SENSOR_STATES = {
    ok: ['OK', 'good'],
    starting: ['Starting', 'waiting'],
    warming_up: ['Warming up', 'waiting'],
    no_response: ['No response', 'fault'],
    sensor_error: ['Sensor error', 'fault'],
    port_fault: ['Port fault', 'fault'],
  };
  const UPLINK_STATES = {
    online: ['Online', 'good'],
    connecting: ['Connecting', 'waiting'],
    offline: ['Offline, buffering', 'fault'],
    stopped: ['Stopped', 'fault'],
  };
  const CLOCK_STATES = {
    synchronized: ['Synchronized', 'good'],
    unsynchronized: ['Not set', 'fault'],
    unknown: ['Unknown', 'waiting'],
  };
  // A value's QC flag (1 pass is not shown) in words and in a color class.
  const QC_FLAGS = {
    2: ['not evaluated', 'waiting'],
    3: ['suspect', 'waiting'],
    4: ['fail', 'fault'],
  };
  const UNITS = { 'ug/m3': '\u00b5g/m\u00b3', Cel: '\u00b0C' };
  const SEVERITIES = { critical: 'Critical', warning: 'Warning', info: 'Info' };

  let latest = null;
  let lastAnswerAt = 0;
  let problem = '';

  function byId(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  function words(table, state) {
    return table[state] || [String(state), 'waiting'];
  }

  function badge(node, table, state) {
    const [text, level] = words(table, state);
    node.textContent = text;
    node.className = 'badge ' + level;
    return level;
  }

  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 120) {
      return s + ' s';
    }
    if (s < 7200) {
      return Math.round(s / 60) + ' min';
    }
    if (s < 172800) {
      return Math.round(s / 3600) + ' h';
    }
    return Math.round(s / 86400) + ' d';
  }

  function bytes(n) {
    if (n < 0) {
      return 'unknown';
    }
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = n;
    let i = 0;
    while (value >= 1024 && i < units.length - 1) {
      value /= 1024;
      i++;
    }
    return (i === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)) + ' ' + units[i];
  }

  function fill(dl, rows) {
    dl.replaceChildren();
    for (const [term, detail] of rows) {
      dl.append(el('dt', '', term), el('dd', '', detail));
    }
  }

  function sensorCard(sensor, sinceAnswer) {
    const [stateText, level] = words(SENSOR_STATES, sensor.state);
    const card = el('section', 'card sensor ' + level);
    card.dataset.sensor = sensor.id;
    card.dataset.state = sensor.state;
    const title = el('h2', '', sensor.id + ' ');
    title.append(el('span', 'badge ' + level, stateText));
    card.append(title, el('p', 'where', sensor.model + ' on ' + sensor.port));
    if (sensor.fault) {
      card.append(el('p', 'problem', sensor.fault));
    }
    if (sensor.fault && sensor.hint) {
      card.append(el('p', 'hint', sensor.hint));
    }
    if (sensor.values.length > 0) {
      const values = el('div', 'values' + (sensor.state === 'ok' ? '' : ' stale'));
      for (const v of sensor.values) {
        const unit = UNITS[v.unit] || v.unit;
        const reading = el('div', 'reading');
        reading.dataset.quantity = v.quantity;
        reading.append(el('span', 'quantity', v.quantity),
          el('span', 'value', v.text + ' ' + unit),
          el('span', 'age', duration(v.age_s + sinceAnswer) + ' ago'));
        if (v.qc !== 1) {
          const [flagText, level] = words(QC_FLAGS, v.qc);
          reading.classList.add('qc-' + level);
          reading.dataset.qc = v.qc;
          reading.append(el('span', 'qc badge ' + level,
            flagText + (v.qt ? ': ' + v.qt.split(',').join(', ') : '')));
        }
        if (v.raw_text !== undefined) {
          reading.append(el('span', 'calibration', 'calibrated, raw ' + v.raw_text + ' ' + unit));
        }
        values.append(reading);
      }
      card.append(values);
    } else {
      card.append(el('p', 'where', 'no values yet'));
    }
    card.append(el('p', 'faults', 'faults since start: ' + sensor.faults));
    return card;
  }

  // A unit as people write it; a rate's unit is the quantity's per minute ('m/min').
  function unitText(unit) {
    const rate = unit.endsWith('/min');
    const base = rate ? unit.slice(0, -'/min'.length) : unit;
    return (UNITS[base] || base) + (rate ? '/min' : '');
  }

  function amount(text, unit) {
    return (text + ' ' + unitText(unit)).trim();
  }

  // The station's index as its box below names it ('VN_AQI 1h'), a sensor's quantity as configured.
  function sourceText(source) {
    const index = /^_station\/aqi_(vn|us)_(\w+)$/.exec(source);
    return index ? (index[1] === 'vn' ? 'VN_AQI' : 'US AQI') + ' ' + index[2] : source;
  }

  // What crossed what; a state kept before the gateway kept each event's value has neither.
  function crossing(a) {
    if (a.value_text === null) {
      return sourceText(a.source) + ' (value not recorded)';
    }
    return sourceText(a.source) + (a.measure === 'rate' ? ' changing ' : ' at ') + amount(a.value_text, a.unit)
      + ' (threshold ' + amount(a.threshold_text, a.unit) + ')';
  }

  // The rules raised now, first on the page, each in its severity's colour.
  function renderAlerts(s, sinceAnswer) {
    const section = byId('alerts');
    const alerts = s.alerts || [];
    section.hidden = alerts.length === 0;
    section.replaceChildren(...alerts.map((a) => {
      const box = el('div', 'alert ' + a.severity);
      box.dataset.rule = a.rule;
      const title = el('h2', '', a.rule + ' ');
      title.append(el('span', 'badge ' + a.severity, SEVERITIES[a.severity] || a.severity));
      box.append(title,
        el('p', 'value', crossing(a)),
        el('p', 'since', 'raised ' + new Date(a.since * 1000).toLocaleString() + ', '
          + duration(a.since_age_s + sinceAnswer) + ' ago'));
      return box;
    }));
  }

  // The station's index under the alerts, in its category's official colour, and the newest hourly means.
  function renderAqi(s) {
    const section = byId('aqi');
    const indexes = s.aqi || [];
    const means = s.hourly_means || [];
    section.hidden = indexes.length === 0 && means.length === 0;
    const values = byId('aqi-values');
    values.replaceChildren(...indexes.map((i) => {
      const box = el('div', 'aqi-value');
      box.dataset.index = i.index + '_' + i.window;
      box.style.background = i.colour;
      box.style.color = i.category >= 4 ? '#fff' : '#1a1a1a';
      box.append(el('span', 'aqi-label', (i.index === 'vn' ? 'VN_AQI' : 'US AQI') + ' ' + i.window),
        el('span', 'aqi-number', i.value), el('span', 'aqi-name', i.name + ' \u00b7 ' + i.dominant));
      return box;
    }));
    fill(byId('hourly-means'), means.map((m) => [m.sensor + ' ' + m.quantity,
      m.text + ' ' + (UNITS[m.unit] || m.unit) + ' (hour from ' + new Date(m.time * 1000).toLocaleTimeString() + ')']));
  }

  const LEVEL_ORDER = { fault: 0, waiting: 1, good: 2 };

  // One line for the top of the page: all good, or what is wrong and where to look, in the
  // colour of the worst state.
  function verdict(s) {
    const problems = [];
    for (const a of s.alerts || []) {
      problems.push([a.severity === 'info' ? 'waiting' : 'fault', 'alert ' + a.rule + ': ' + crossing(a)]);
    }
    for (const sensor of s.sensors) {
      const [text, level] = words(SENSOR_STATES, sensor.state);
      if (level !== 'good') {
        problems.push([level, 'sensor ' + sensor.id + ': ' + text.toLowerCase()
          + (sensor.fault ? ' (' + sensor.fault + ')' : '')]);
      }
    }
    const [uplinkText, uplinkLevel] = words(UPLINK_STATES, s.uplink.state);
    if (uplinkLevel !== 'good') {
      problems.push([uplinkLevel, 'uplink ' + uplinkText.toLowerCase()
        + (s.uplink.problem ? ' (' + s.uplink.problem + ')' : '') + ', readings are kept']);
    }
    if (s.uplink.dropped > 0) {
      problems.push(['fault', s.uplink.dropped + ' readings dropped: storage full']);
    }
    const [clockText, clockLevel] = words(CLOCK_STATES, s.clock);
    if (clockLevel === 'fault') {
      problems.push(['waiting', 'clock ' + clockText.toLowerCase() + ': give the station network time']);
    }
    if (problems.length === 0) {
      return ['good', 'All good: ' + s.sensors.length + ' sensors reading, uplink online'];
    }
    problems.sort((a, b) => LEVEL_ORDER[a[0]] - LEVEL_ORDER[b[0]]);
    const worst = problems[0][0];
    const text = problems.map((p) => p[1]).join('; ');
    return [worst, (problems.length === 1 ? '' : problems.length + ' problems: ') + text.charAt(0).toUpperCase()
      + text.slice(1)];
  }

  function render() {
    if (latest === null) {
      return;
    }
    const s = latest;
    const sinceAnswer = (Date.now() - lastAnswerAt) / 1000;
    document.title = s.gateway + ' \u2013 envgate';
    byId('gateway').textContent = s.gateway;
    byId('about').textContent = (s.site ? s.site + ' \u00b7 ' : '') + 'envgate ' + s.version
      + ' \u00b7 up ' + duration(s.uptime_s);

    const [level, text] = verdict(s);
    const line = byId('verdict');
    line.className = 'verdict ' + level;
    line.textContent = text;
    line.hidden = false;
    document.querySelector('main').classList.toggle('sensor-fault',
      s.sensors.some((sensor) => words(SENSOR_STATES, sensor.state)[1] === 'fault'));

    const u = s.uplink;
    byId('station').className = 'card ' + badge(byId('uplink-state'), UPLINK_STATES, u.state);
    fill(byId('uplink'), [
      ['Broker', u.broker],
      ...(u.problem && u.state !== 'online' ? [['Why', u.problem]] : []),
      ['Last delivery', u.last_delivery === null ? 'none yet' : duration(u.last_delivery_age_s + sinceAnswer) + ' ago'],
      ['Buffered', u.backlog + ' readings' + (u.backlog > 0 ? ', oldest ' + duration(u.oldest_unsent_age_s) + ' old' : '')],
      ['Sent', u.sent + ' readings since start'],
      ['Dropped (storage full)', u.dropped + ' readings'],
    ]);
    badge(byId('clock-state'), CLOCK_STATES, s.clock);
    fill(byId('storage'), [
      ['Buffer', bytes(s.storage.used_bytes) + ' of at most ' + bytes(s.storage.max_bytes)],
      ['Disk free', bytes(s.storage.free_bytes)],
    ]);
    byId('station').hidden = false;
    renderAlerts(s, sinceAnswer);
    renderAqi(s);
    // Sensors in fault first, then those waiting, then the good ones, each group in config order.
    const sensors = s.sensors.map((sensor, i) => [LEVEL_ORDER[words(SENSOR_STATES, sensor.state)[1]], i, sensor])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((entry) => entry[2]);
    byId('sensors').replaceChildren(...sensors.map((sensor) => sensorCard(sensor, sinceAnswer)));
  }

  function showAge() {
    const updated = byId('updated');
    const banner = byId('banner');
    if (lastAnswerAt === 0) {
      updated.textContent = problem ? 'No answer from the gateway yet' : 'Waiting for the gateway\u2026';
    } else {
      updated.textContent = 'Last update ' + duration((Date.now() - lastAnswerAt) / 1000) + ' ago';
    }
    const stale = lastAnswerAt !== 0 && (problem !== '' || Date.now() - lastAnswerAt > STALE_MS);
    document.body.classList.toggle('stale', stale);
    if (lastAnswerAt === 0 && problem) {
      banner.textContent = 'The gateway is not answering (' + problem + ').';
      banner.hidden = false;
    } else if (stale) {
      banner.textContent = 'The gateway is not answering since ' + new Date(lastAnswerAt).toLocaleTimeString() + ' ('
        + duration((Date.now() - lastAnswerAt) / 1000) + ' ago): it has stopped or hung, or this device lost the '
        + 'network to it. What is shown below is greyed: it is from its last answer.';
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  }

  async function refresh() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      const response = await fetch('api/status', { cache: 'no-store', signal: abort.signal });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      latest = await response.json();
      lastAnswerAt = Date.now();
      problem = '';
      render();
    } catch (e) {
      problem = e.name === 'AbortError' ? 'no answer within ' + TIMEOUT_MS / 1000 + ' s' : e.message;
    } finally {
      clearTimeout(timer);
    }
    showAge();
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
  setInterval(showAge, 1000);
}());
