// The fleet page: fetches api/fleet at the interval ingest gives (http.refresh) and shows every
// station, offline ones and those with sensors in fault first; the plot section reads 24 hours of
// one quantity from api/series. Every text from a gateway goes in through textContent, never as HTML.
'use strict';

(function () {
  const FIRST_REFRESH_MS = 10000;
  const TIMEOUT_MS = 8000;
  const PLOT_REFRESH_MS = 60000;
  const STATES = {
    online: ['Online', 'good'],
    offline: ['Offline', 'fault'],
    unknown: ['No status yet', 'waiting'],
  };
  const UNITS = { 'ug/m3': '\u00b5g/m\u00b3', Cel: '\u00b0C' };
  const COLOURS = ['#1f5fa8', '#b35900', '#1b7f3b', '#7b3fa0', '#b3261e', '#00838f'];

  let refreshMs = FIRST_REFRESH_MS;
  let lastAnswerAt = 0;
  let fleet = null;
  let plot = null;
  let plotKey = '';
  let plotDrawnAt = 0;

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

  function unit(text) {
    return UNITS[text] || text;
  }

  function age(seconds) {
    if (seconds < 90) {
      return Math.round(seconds) + ' s ago';
    }
    if (seconds < 5400) {
      return Math.round(seconds / 60) + ' min ago';
    }
    if (seconds < 172800) {
      return Math.round(seconds / 3600) + ' h ago';
    }
    return Math.round(seconds / 86400) + ' days ago';
  }

  function duration(seconds) {
    if (seconds < 120) {
      return Math.round(seconds) + ' s';
    }
    if (seconds < 7200) {
      return Math.round(seconds / 60) + ' min';
    }
    return (seconds / 3600).toFixed(1) + ' h';
  }

  function number(value) {
    const rounded = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
    return String(Number(rounded));
  }

  function row(list, term, detail) {
    list.appendChild(el('dt', '', term));
    list.appendChild(el('dd', '', detail));
  }

  function stationCard(station) {
    const state = STATES[station.state] || [station.state, 'waiting'];
    const colour = station.state === 'offline' || station.faults.length > 0 ? 'fault' : state[1];
    const card = el('section', 'card ' + colour);
    card.dataset.gateway = station.gateway;
    card.dataset.state = station.state;
    const title = el('h2', '', station.gateway + ' ');
    title.appendChild(el('span', 'badge ' + state[1], state[0]));
    card.appendChild(title);
    const about = [];
    if (station.site) {
      about.push(station.site);
    }
    if (station.version) {
      about.push('envgate ' + station.version);
    }
    about.push('last heard ' + age(station.last_seen_age_s));
    card.appendChild(el('p', 'muted', about.join(' \u00b7 ')));
    const details = el('dl');
    if (station.state === 'offline' && station.state_since) {
      row(details, 'Offline since', new Date(station.state_since * 1000).toLocaleString());
    }
    if (station.backlog !== undefined) {
      row(details, 'Backlog', station.backlog + (station.backlog === 1 ? ' reading' : ' readings')
          + (station.backlog > 0 ? ', oldest ' + duration(station.oldest_unsent_age_s) : ''));
    } else {
      row(details, 'Backlog', 'no health report yet');
    }
    card.appendChild(details);
    station.faults.forEach(function (fault) {
      card.appendChild(el('p', 'fault-line', fault.sensor + ': ' + fault.state.replace(/_/g, ' ')
          + (fault.fault ? ' (' + fault.fault + ')' : '')));
    });
    if (station.values.length > 0) {
      const values = el('div', 'values');
      station.values.forEach(function (value) {
        const box = el('div', 'value' + (value.qc > 2 ? ' flagged' : ''));
        box.appendChild(el('div', 'muted', value.sensor + ' ' + value.quantity));
        const figure = el('div', '');
        figure.appendChild(el('span', 'number', number(value.value)));
        figure.appendChild(document.createTextNode(' ' + unit(value.unit)));
        box.appendChild(figure);
        values.appendChild(box);
      });
      card.appendChild(values);
    }
    return card;
  }

  function summary(stations) {
    const online = stations.filter(function (s) { return s.state === 'online'; }).length;
    const offline = stations.filter(function (s) { return s.state === 'offline'; }).length;
    const faulty = stations.filter(function (s) { return s.faults.length > 0; }).length;
    const parts = [stations.length + (stations.length === 1 ? ' station' : ' stations'), online + ' online'];
    if (offline > 0) {
      parts.push(offline + ' offline');
    }
    if (stations.length - online - offline > 0) {
      parts.push((stations.length - online - offline) + ' without a status yet');
    }
    parts.push(faulty + ' with sensors in fault');
    return parts.join(' \u00b7 ');
  }

  function show(answer) {
    fleet = answer;
    const verdict = byId('verdict');
    verdict.textContent = answer.verdict.text;
    verdict.className = 'verdict ' + answer.verdict.level;
    verdict.hidden = false;
    const line = byId('summary');
    line.textContent = summary(answer.stations)
        + (answer.unlisted_messages > 0 ? ' \u00b7 more gateways than the ' + answer.max_stations + ' listed' : '');
    line.hidden = false;
    const list = byId('stations');
    const cards = document.createDocumentFragment();
    answer.stations.forEach(function (station) {
      cards.appendChild(stationCard(station));
    });
    list.replaceChildren(cards);
    choices(answer);
  }

  function options(select, values) {
    const wanted = values.join('\n');
    if (select.dataset.values === wanted) {
      return;
    }
    const kept = select.value;
    select.replaceChildren();
    values.forEach(function (value) {
      const option = el('option', '', value);
      option.value = value;
      select.appendChild(option);
    });
    if (values.indexOf(kept) >= 0) {
      select.value = kept;
    }
    select.dataset.values = wanted;
  }

  function quantitiesOf(gateway) {
    const station = fleet.stations.find(function (s) { return s.gateway === gateway; });
    const names = [];
    (station ? station.values : []).forEach(function (value) {
      if (names.indexOf(value.quantity) < 0) {
        names.push(value.quantity);
      }
    });
    return names;
  }

  function choices(answer) {
    const section = byId('plots');
    const stations = answer.stations.filter(function (s) { return s.values.length > 0; }).map(function (s) { return s.gateway; });
    section.hidden = stations.length === 0;
    if (stations.length === 0) {
      return;
    }
    options(byId('plot-station'), stations);
    options(byId('plot-quantity'), quantitiesOf(byId('plot-station').value));
    drawPlot(false);
  }

  function drawPlot(chosen) {
    const gateway = byId('plot-station').value;
    const quantity = byId('plot-quantity').value;
    const note = byId('plot-note');
    if (fleet.series === 'none') {
      note.textContent = 'Plots are not available for this store (see http.series in docs/ingest.md).';
      return;
    }
    const key = gateway + '/' + quantity;
    if (!chosen && key === plotKey && Date.now() - plotDrawnAt < PLOT_REFRESH_MS) {
      return;
    }
    plotKey = key;
    plotDrawnAt = Date.now();
    const url = 'api/series?gateway=' + encodeURIComponent(gateway) + '&quantity=' + encodeURIComponent(quantity);
    fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) { throw new Error(text.trim() || response.status); });
        }
        return response.json();
      })
      .then(function (series) {
        if (plotKey !== series.gateway + '/' + series.quantity) {
          return;
        }
        render(series);
      })
      .catch(function (error) {
        note.textContent = 'No plot: ' + error.message;
      });
  }

  function render(series) {
    const note = byId('plot-note');
    const box = byId('plot');
    if (plot) {
      plot.destroy();
      plot = null;
    }
    const points = series.sensors.reduce(function (n, s) {
      return n + s.values.filter(function (v) { return v !== null; }).length;
    }, 0);
    box.dataset.points = String(points);
    note.textContent = series.gateway + ' ' + series.quantity + ' (' + unit(series.unit) + '), means of '
        + duration(series.step_s) + (points === 0 ? ': no readings in the last 24 hours' : '');
    if (points === 0) {
      return;
    }
    const data = [series.times];
    const lines = [{}];
    series.sensors.forEach(function (sensor, i) {
      data.push(sensor.values);
      lines.push({ label: sensor.sensor, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: false });
    });
    const width = Math.max(240, box.clientWidth);
    plot = new uPlot({ width: width, height: Math.round(Math.min(320, width * 0.6)), series: lines,
                       axes: [{}, { label: unit(series.unit) }] }, data, box);
  }

  function freshness() {
    const updated = byId('updated');
    if (lastAnswerAt === 0) {
      return;
    }
    const seconds = (Date.now() - lastAnswerAt) / 1000;
    updated.textContent = 'Updated ' + age(seconds);
    updated.classList.toggle('stale', seconds * 1000 > 3 * refreshMs);
  }

  function refresh() {
    fetch('api/fleet', { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('ingest answered ' + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        lastAnswerAt = Date.now();
        refreshMs = Math.max(1000, answer.refresh_s * 1000);
        show(answer);
        freshness();
      })
      .catch(function (error) {
        byId('updated').textContent = 'Ingest does not answer: ' + error.message;
        byId('updated').classList.add('stale');
      })
      .finally(function () {
        setTimeout(refresh, refreshMs);
      });
  }

  byId('plot-station').addEventListener('change', function () {
    options(byId('plot-quantity'), quantitiesOf(byId('plot-station').value));
    drawPlot(true);
  });
  byId('plot-quantity').addEventListener('change', function () {
    drawPlot(true);
  });
  setInterval(freshness, 1000);
  refresh();
})();
