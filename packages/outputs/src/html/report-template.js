/*
 * Palisade HTML report: the client side. Embedded verbatim in every report by html.ts.
 *
 * Reads the scan header (#scan) and the findings (#findings: one JSON value per line, written in
 * batches while the scan ran: `{"check":…}` and `{"compliance":[…]}` define entries referenced by
 * index, arrays are findings whose positions are named by scan.fields). Filtering and sorting run
 * over plain arrays and only one page of rows is in the DOM, so 100,000 findings stay responsive.
 *
 * Without a DOM (tests run it in a bare VM) it only exposes its pure functions as PalisadeReport.
 * It uses a small DOM surface on purpose (createElement, appendChild, textContent, setAttribute,
 * addEventListener, value), with every text set through textContent, never innerHTML.
 */
(function (root) {
  'use strict';

  const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'];
  const STATUSES = ['FAIL', 'PASS', 'MANUAL', 'ERROR'];
  const SEVERITY_RANK = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };
  const STATUS_RANK = { FAIL: 4, ERROR: 3, MANUAL: 2, PASS: 1 };
  const PAGE_SIZE = 200;
  const COLUMNS = [
    { key: 'status', label: 'Status' },
    { key: 'severity', label: 'Severity' },
    { key: 'check', label: 'Check' },
    { key: 'service', label: 'Service' },
    { key: 'account', label: 'Account' },
    { key: 'region', label: 'Region' },
    { key: 'resource', label: 'Resource' },
    { key: 'message', label: 'Message' },
  ];

  function parseReport(scanText, findingsText) {
    const scan = JSON.parse(scanText);
    const at = {};
    scan.fields.forEach(function (name, index) {
      at[name] = index;
    });
    const checks = [];
    const complianceLists = [];
    const findings = [];
    const lines = findingsText.split('\n');
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index].trim();
      if (!line) continue;
      const record = JSON.parse(line);
      if (Array.isArray(record)) {
        findings.push(toFinding(record, at, checks, complianceLists));
      } else if (record.check) {
        checks.push(record.check);
      } else if (record.compliance) {
        complianceLists.push(record.compliance);
      }
    }
    return { scan: scan, checks: checks, findings: findings };
  }

  function toFinding(row, at, checks, complianceLists) {
    const check = checks[row[at.check]];
    if (!check) throw new Error('finding ' + row[at.uid] + ' references an undefined check');
    const complianceIndex = row[at.compliance];
    return {
      uid: row[at.uid],
      check: check,
      status: row[at.status],
      severity: row[at.severity],
      accountId: row[at.accountId],
      accountName: row[at.accountName],
      region: row[at.region],
      resourceUid: row[at.resourceUid],
      resourceName: row[at.resourceName],
      resourceType: row[at.resourceType],
      tags: row[at.tags],
      message: row[at.message],
      muted: row[at.muted],
      error: row[at.error],
      time: row[at.time],
      compliance: complianceIndex >= 0 ? complianceLists[complianceIndex] || [] : [],
      searchText: null,
    };
  }

  function searchTextOf(finding) {
    if (finding.searchText === null) {
      finding.searchText = [finding.check.id, finding.check.title, finding.resourceUid, finding.resourceName, finding.message]
        .join('\n')
        .toLowerCase();
    }
    return finding.searchText;
  }

  /** filters: { status, severity, service, region, account, muted: '' | 'muted' | 'unmuted', text } */
  function filterFindings(findings, filters) {
    const words = (filters.text || '').toLowerCase().split(/\s+/).filter(Boolean);
    return findings.filter(function (finding) {
      if (filters.status && finding.status !== filters.status) return false;
      if (filters.severity && finding.severity !== filters.severity) return false;
      if (filters.service && finding.check.service !== filters.service) return false;
      if (filters.region && finding.region !== filters.region) return false;
      if (filters.account && finding.accountId !== filters.account) return false;
      if (filters.muted === 'muted' && !finding.muted) return false;
      if (filters.muted === 'unmuted' && finding.muted) return false;
      if (words.length) {
        const text = searchTextOf(finding);
        for (let index = 0; index < words.length; index += 1) if (text.indexOf(words[index]) < 0) return false;
      }
      return true;
    });
  }

  function sortValue(finding, key) {
    switch (key) {
      case 'status':
        // Muted findings need no action: they sort after every unmuted one, in status order.
        return (STATUS_RANK[finding.status] || 0) / (finding.muted ? 10 : 1);
      case 'severity':
        return SEVERITY_RANK[finding.severity] || 0;
      case 'check':
        return finding.check.id;
      case 'service':
        return finding.check.service;
      case 'account':
        return finding.accountId;
      case 'region':
        return finding.region;
      case 'resource':
        return finding.resourceUid;
      case 'message':
        return finding.message;
      default:
        return '';
    }
  }

  /** Stable sort; ties fall back to the most severe first. Returns a new array. */
  function sortFindings(findings, key, direction) {
    const sign = direction === 'desc' ? -1 : 1;
    const keyed = findings.map(function (finding, index) {
      return { value: sortValue(finding, key), severity: SEVERITY_RANK[finding.severity] || 0, index: index, finding: finding };
    });
    keyed.sort(function (a, b) {
      if (a.value < b.value) return -sign;
      if (a.value > b.value) return sign;
      if (a.severity !== b.severity) return b.severity - a.severity;
      return a.index - b.index;
    });
    return keyed.map(function (entry) {
      return entry.finding;
    });
  }

  /** Counts by severity × status; a muted finding counts only as muted. */
  function summarize(findings) {
    const bySeverity = {};
    SEVERITIES.forEach(function (severity) {
      bySeverity[severity] = { FAIL: 0, PASS: 0, MANUAL: 0, ERROR: 0, muted: 0, total: 0 };
    });
    const totals = { FAIL: 0, PASS: 0, MANUAL: 0, ERROR: 0, muted: 0, total: 0 };
    findings.forEach(function (finding) {
      const row = bySeverity[finding.severity];
      const column = finding.muted ? 'muted' : finding.status;
      if (row) {
        row[column] += 1;
        row.total += 1;
      }
      totals[column] += 1;
      totals.total += 1;
    });
    return { bySeverity: bySeverity, totals: totals };
  }

  function paginate(findings, page) {
    const pages = Math.max(1, Math.ceil(findings.length / PAGE_SIZE));
    const current = Math.min(Math.max(0, page), pages - 1);
    return { page: current, pages: pages, rows: findings.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE) };
  }

  function distinct(findings, pick) {
    const seen = {};
    findings.forEach(function (finding) {
      const value = pick(finding);
      if (value) seen[value] = true;
    });
    return Object.keys(seen).sort();
  }

  /** Only http(s) references become links; anything else is shown as text. */
  function safeUrl(value) {
    return typeof value === 'string' && /^https?:\/\/[^\s]+$/i.test(value) ? value : null;
  }

  const api = {
    PAGE_SIZE: PAGE_SIZE,
    parseReport: parseReport,
    filterFindings: filterFindings,
    sortFindings: sortFindings,
    summarize: summarize,
    paginate: paginate,
    safeUrl: safeUrl,
    boot: boot,
  };
  root.PalisadeReport = api;

  // ---- DOM ----

  function el(document, tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    node.textContent = '';
  }

  function boot(document) {
    const report = parseReport(document.getElementById('scan').textContent, document.getElementById('findings').textContent);
    const app = document.getElementById('app');
    clear(app);
    const state = {
      filters: { status: '', severity: '', service: '', region: '', account: '', muted: '', text: '' },
      // Failures first, most severe first: what a reader has to act on leads the table.
      sortKey: 'status',
      sortDirection: 'desc',
      page: 0,
      visible: [],
    };

    const header = el(document, 'header', 'top');
    header.appendChild(el(document, 'h1', null, 'Palisade findings'));
    header.appendChild(
      el(
        document,
        'p',
        'meta',
        'Scan ' + report.scan.scanId + ' · started ' + report.scan.startedAt + ' · Palisade ' + report.scan.productVersion + ' · ' + report.findings.length + ' findings',
      ),
    );
    app.appendChild(header);

    const summarySection = el(document, 'section', 'summary');
    summarySection.setAttribute('aria-label', 'Summary');
    app.appendChild(summarySection);

    const filterBar = el(document, 'section', 'filters');
    filterBar.setAttribute('aria-label', 'Filters');
    app.appendChild(filterBar);
    const controls = {};
    function addSelect(key, label, options) {
      const wrapper = el(document, 'label', null);
      wrapper.appendChild(el(document, 'span', null, label));
      const select = el(document, 'select', null);
      select.setAttribute('id', 'filter-' + key);
      const any = el(document, 'option', null, 'All');
      any.value = '';
      select.appendChild(any);
      options.forEach(function (option) {
        const node = el(document, 'option', null, option.label);
        node.value = option.value;
        select.appendChild(node);
      });
      select.addEventListener('change', function () {
        state.filters[key] = select.value;
        state.page = 0;
        update();
      });
      wrapper.appendChild(select);
      filterBar.appendChild(wrapper);
      controls[key] = select;
    }
    const plain = function (values) {
      return values.map(function (value) {
        return { value: value, label: value };
      });
    };
    addSelect('status', 'Status', plain(STATUSES));
    addSelect('severity', 'Severity', plain(SEVERITIES));
    addSelect(
      'service',
      'Service',
      plain(
        distinct(report.findings, function (finding) {
          return finding.check.service;
        }),
      ),
    );
    addSelect(
      'region',
      'Region',
      plain(
        distinct(report.findings, function (finding) {
          return finding.region;
        }),
      ),
    );
    const accountNames = {};
    report.findings.forEach(function (finding) {
      if (finding.accountName) accountNames[finding.accountId] = finding.accountName;
    });
    addSelect(
      'account',
      'Account',
      distinct(report.findings, function (finding) {
        return finding.accountId;
      }).map(function (id) {
        return { value: id, label: accountNames[id] ? id + ' (' + accountNames[id] + ')' : id };
      }),
    );
    addSelect('muted', 'Muted', [
      { value: 'unmuted', label: 'Not muted' },
      { value: 'muted', label: 'Muted only' },
    ]);
    const searchLabel = el(document, 'label', 'search');
    searchLabel.appendChild(el(document, 'span', null, 'Search'));
    const search = el(document, 'input', null);
    search.setAttribute('type', 'search');
    search.setAttribute('id', 'filter-text');
    search.setAttribute('placeholder', 'check, resource or message');
    let searchTimer = null;
    search.addEventListener('input', function () {
      if (searchTimer !== null) clearTimeout(searchTimer);
      searchTimer = setTimeout(function () {
        searchTimer = null;
        state.filters.text = search.value;
        state.page = 0;
        update();
      }, 150);
    });
    searchLabel.appendChild(search);
    filterBar.appendChild(searchLabel);
    const reset = el(document, 'button', 'reset', 'Reset');
    reset.setAttribute('type', 'button');
    reset.addEventListener('click', function () {
      Object.keys(state.filters).forEach(function (key) {
        state.filters[key] = '';
        if (controls[key]) controls[key].value = '';
      });
      search.value = '';
      state.page = 0;
      update();
    });
    filterBar.appendChild(reset);

    const tableInfo = el(document, 'p', 'table-info');
    tableInfo.setAttribute('aria-live', 'polite');
    app.appendChild(tableInfo);
    const table = el(document, 'table', 'findings');
    const head = el(document, 'thead', null);
    const headRow = el(document, 'tr', null);
    const headers = {};
    COLUMNS.forEach(function (column) {
      const th = el(document, 'th', 'sortable', column.label);
      th.setAttribute('tabindex', '0');
      th.setAttribute('scope', 'col');
      const activate = function () {
        if (state.sortKey === column.key) state.sortDirection = state.sortDirection === 'asc' ? 'desc' : 'asc';
        else {
          state.sortKey = column.key;
          state.sortDirection = column.key === 'severity' || column.key === 'status' ? 'desc' : 'asc';
        }
        state.page = 0;
        update();
      };
      th.addEventListener('click', activate);
      th.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') activate();
      });
      headers[column.key] = th;
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    const body = el(document, 'tbody', null);
    body.setAttribute('id', 'rows');
    table.appendChild(body);
    app.appendChild(table);

    const pager = el(document, 'nav', 'pager');
    pager.setAttribute('aria-label', 'Pages');
    const previous = el(document, 'button', null, '‹ Previous');
    previous.setAttribute('type', 'button');
    const pageInfo = el(document, 'span', 'page-info');
    const next = el(document, 'button', null, 'Next ›');
    next.setAttribute('type', 'button');
    previous.addEventListener('click', function () {
      state.page -= 1;
      renderPage();
    });
    next.addEventListener('click', function () {
      state.page += 1;
      renderPage();
    });
    pager.appendChild(previous);
    pager.appendChild(pageInfo);
    pager.appendChild(next);
    app.appendChild(pager);

    const detail = el(document, 'aside', 'detail');
    detail.setAttribute('id', 'detail');
    detail.setAttribute('aria-label', 'Finding details');
    detail.hidden = true;
    app.appendChild(detail);
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') detail.hidden = true;
    });

    function renderSummary() {
      const summary = summarize(report.findings);
      clear(summarySection);
      const cards = el(document, 'div', 'cards');
      STATUSES.concat(['muted']).forEach(function (status) {
        const card = el(document, 'button', 'card status-' + status.toLowerCase());
        card.setAttribute('type', 'button');
        card.appendChild(el(document, 'span', 'count', summary.totals[status]));
        card.appendChild(el(document, 'span', 'label', status === 'muted' ? 'Muted' : status));
        card.addEventListener('click', function () {
          applyFilters(status === 'muted' ? { muted: 'muted' } : { status: status, muted: 'unmuted' });
        });
        cards.appendChild(card);
      });
      summarySection.appendChild(cards);

      const matrix = el(document, 'table', 'matrix');
      const matrixHead = el(document, 'tr', null);
      matrixHead.appendChild(el(document, 'th', null, 'Severity'));
      STATUSES.forEach(function (status) {
        matrixHead.appendChild(el(document, 'th', null, status));
      });
      matrixHead.appendChild(el(document, 'th', null, 'Muted'));
      matrixHead.appendChild(el(document, 'th', null, 'Total'));
      const thead = el(document, 'thead', null);
      thead.appendChild(matrixHead);
      matrix.appendChild(thead);
      const tbody = el(document, 'tbody', null);
      SEVERITIES.forEach(function (severity) {
        const counts = summary.bySeverity[severity];
        const row = el(document, 'tr', null);
        row.appendChild(el(document, 'th', 'severity-' + severity, severity));
        STATUSES.concat(['muted', 'total']).forEach(function (column) {
          const cell = el(document, 'td', counts[column] ? 'has-count' : 'zero', counts[column]);
          if (counts[column] && column !== 'total') {
            cell.setAttribute('tabindex', '0');
            const choose = function () {
              applyFilters(column === 'muted' ? { severity: severity, muted: 'muted' } : { severity: severity, status: column, muted: 'unmuted' });
            };
            cell.addEventListener('click', choose);
            cell.addEventListener('keydown', function (event) {
              if (event.key === 'Enter') choose();
            });
          }
          row.appendChild(cell);
        });
        tbody.appendChild(row);
      });
      matrix.appendChild(tbody);
      summarySection.appendChild(matrix);
    }

    function applyFilters(values) {
      Object.keys(state.filters).forEach(function (key) {
        if (key === 'text') return;
        state.filters[key] = values[key] || '';
        if (controls[key]) controls[key].value = state.filters[key];
      });
      state.page = 0;
      update();
    }

    function update() {
      state.visible = sortFindings(filterFindings(report.findings, state.filters), state.sortKey, state.sortDirection);
      COLUMNS.forEach(function (column) {
        const th = headers[column.key];
        const sorted = state.sortKey === column.key;
        th.className = 'sortable' + (sorted ? ' sorted-' + state.sortDirection : '');
        th.setAttribute('aria-sort', sorted ? (state.sortDirection === 'asc' ? 'ascending' : 'descending') : 'none');
      });
      renderPage();
    }

    function renderPage() {
      const view = paginate(state.visible, state.page);
      state.page = view.page;
      clear(body);
      view.rows.forEach(function (finding) {
        const row = el(document, 'tr', finding.muted ? 'muted' : null);
        row.setAttribute('tabindex', '0');
        const status = el(document, 'td', null);
        status.appendChild(el(document, 'span', 'badge status-' + finding.status.toLowerCase(), finding.status));
        if (finding.muted) status.appendChild(el(document, 'span', 'badge status-muted', 'MUTED'));
        row.appendChild(status);
        const severity = el(document, 'td', null);
        severity.appendChild(el(document, 'span', 'badge severity-' + finding.severity, finding.severity));
        row.appendChild(severity);
        const check = el(document, 'td', null);
        check.appendChild(el(document, 'div', null, finding.check.title));
        check.appendChild(el(document, 'div', 'sub', finding.check.id));
        row.appendChild(check);
        row.appendChild(el(document, 'td', null, finding.check.service));
        row.appendChild(el(document, 'td', null, finding.accountName ? finding.accountId + ' (' + finding.accountName + ')' : finding.accountId));
        row.appendChild(el(document, 'td', null, finding.region));
        const resource = el(document, 'td', 'resource');
        resource.appendChild(el(document, 'div', null, finding.resourceName));
        resource.appendChild(el(document, 'div', 'sub', finding.resourceUid));
        row.appendChild(resource);
        row.appendChild(el(document, 'td', 'message', finding.message));
        const open = function () {
          showDetail(finding);
        };
        row.addEventListener('click', open);
        row.addEventListener('keydown', function (event) {
          if (event.key === 'Enter') open();
        });
        body.appendChild(row);
      });
      const first = state.visible.length ? view.page * PAGE_SIZE + 1 : 0;
      const last = view.page * PAGE_SIZE + view.rows.length;
      tableInfo.textContent =
        'Showing ' + first + '–' + last + ' of ' + state.visible.length + ' findings' + (state.visible.length !== report.findings.length ? ' (filtered from ' + report.findings.length + ')' : '');
      pageInfo.textContent = 'Page ' + (view.page + 1) + ' of ' + view.pages;
      previous.disabled = view.page === 0;
      next.disabled = view.page >= view.pages - 1;
    }

    function field(list, label, value, className) {
      if (value === undefined || value === null || value === '') return;
      list.appendChild(el(document, 'dt', null, label));
      list.appendChild(el(document, 'dd', className || null, value));
    }

    function block(title, text, preformatted) {
      if (!text) return;
      detail.appendChild(el(document, 'h3', null, title));
      detail.appendChild(el(document, preformatted ? 'pre' : 'p', null, text));
    }

    function showDetail(finding) {
      const check = finding.check;
      clear(detail);
      const close = el(document, 'button', 'close', '×');
      close.setAttribute('type', 'button');
      close.setAttribute('aria-label', 'Close details');
      close.addEventListener('click', function () {
        detail.hidden = true;
      });
      detail.appendChild(close);
      detail.appendChild(el(document, 'h2', null, check.title));
      const badges = el(document, 'p', null);
      badges.appendChild(el(document, 'span', 'badge status-' + finding.status.toLowerCase(), finding.status));
      if (finding.muted) badges.appendChild(el(document, 'span', 'badge status-muted', 'MUTED'));
      badges.appendChild(el(document, 'span', 'badge severity-' + finding.severity, finding.severity));
      detail.appendChild(badges);
      block('Message', finding.message);

      const facts = el(document, 'dl', null);
      field(facts, 'Check', check.id);
      field(facts, 'Resource', finding.resourceUid, 'mono');
      field(facts, 'Resource name', finding.resourceName);
      field(facts, 'Resource type', finding.resourceType);
      if (finding.tags) {
        field(
          facts,
          'Tags',
          Object.keys(finding.tags)
            .map(function (key) {
              return key + '=' + finding.tags[key];
            })
            .join(', '),
        );
      }
      field(facts, 'Account', finding.accountName ? finding.accountId + ' (' + finding.accountName + ')' : finding.accountId);
      field(facts, 'Region', finding.region);
      field(facts, 'Evaluated', finding.time);
      field(facts, 'Finding id', finding.uid, 'mono');
      if (finding.muted) {
        field(facts, 'Muted because', finding.muted.reason);
        field(facts, 'Mute rule', finding.muted.rule, 'mono');
        field(facts, 'Mute expires', finding.muted.expires);
      }
      if (finding.error) {
        field(facts, 'Failed call', finding.error.api, 'mono');
        field(facts, 'Error code', finding.error.code, 'mono');
        field(facts, 'Error', finding.error.message);
      }
      detail.appendChild(facts);

      block('Risk', check.risk);
      block('Description', check.description);
      const remediation = check.remediation || {};
      block('Remediation', remediation.summary);
      block('CLI', remediation.cli, true);
      block('Terraform', remediation.terraform, true);
      block('Console', remediation.console);
      if (check.references && check.references.length) {
        detail.appendChild(el(document, 'h3', null, 'References'));
        const list = el(document, 'ul', null);
        check.references.forEach(function (reference) {
          const item = el(document, 'li', null);
          const url = safeUrl(reference);
          if (url) {
            const link = el(document, 'a', null, url);
            link.setAttribute('href', url);
            link.setAttribute('target', '_blank');
            link.setAttribute('rel', 'noopener noreferrer');
            item.appendChild(link);
          } else {
            item.textContent = String(reference);
          }
          list.appendChild(item);
        });
        detail.appendChild(list);
      }
      if (finding.compliance.length) block('Compliance', finding.compliance.join(', '));
      detail.hidden = false;
    }

    renderSummary();
    update();
    return {
      state: state,
      report: report,
      applyFilters: applyFilters,
      showDetail: showDetail,
    };
  }

  const page = root.document;
  if (page && page.getElementById && page.getElementById('app')) {
    root.PalisadeReport.view = boot(page);
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
