/*
 * Palisade HTML report: the client side. Embedded verbatim in every report by html.ts.
 *
 * Reads the scan header (#scan) and the findings (#findings: one JSON value per line, written in
 * batches while the scan ran: `{"check":…}` and `{"compliance":[…]}` define entries referenced by
 * index, arrays are findings whose positions are named by scan.fields). Filtering and sorting run
 * over plain arrays and only one page of rows is in the DOM, so 100,000 findings stay responsive.
 *
 * The compliance status (#compliance, written when the scan ended) drives a second view: framework
 * → section → requirement → findings, for all accounts or one. A requirement's findings are found
 * through the findings' own compliance refs, indexed once when the view is first opened.
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
  /** Findings listed under an opened requirement; the rest are one click away in the findings table. */
  const REQUIREMENT_FINDINGS_SHOWN = 50;
  /** Account rows shown in a summary table before the rest are left to the account selector. */
  const ACCOUNT_ROWS = 50;
  const REASON_TEXT = {
    'manual-assessment': 'manual: assess by hand',
    failed: 'a finding fails',
    error: 'a check could not read its input',
    'needs-review': 'a check asks for review',
    passed: 'every finding passes',
    'not-evaluated': 'not evaluated: none of its checks reported',
  };
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
    return { scan: scan, checks: checks, complianceLists: complianceLists, findings: findings };
  }

  /** The compliance document, each requirement's per-account results expanded into `byAccount`. */
  function parseCompliance(text) {
    if (!text || !text.trim()) return { frameworks: [] };
    const document = JSON.parse(text);
    const at = {};
    (document.resultFields || []).forEach(function (name, index) {
      at[name] = index;
    });
    (document.frameworks || []).forEach(function (framework) {
      framework.requirements.forEach(function (requirement) {
        requirement.byAccount = {};
        (requirement.results || []).forEach(function (result, index) {
          if (!result) return;
          requirement.byAccount[framework.accountIds[index]] = {
            status: result[at.status],
            reason: result[at.reason],
            counts: { PASS: result[at.PASS], FAIL: result[at.FAIL], MANUAL: result[at.MANUAL], ERROR: result[at.ERROR], muted: result[at.muted] },
          };
        });
      });
    });
    return { frameworks: document.frameworks || [] };
  }

  /** compliance ref (`cis-aws-3.0:1.10`) → its findings, in report order. */
  function indexByCompliance(findings) {
    const index = {};
    findings.forEach(function (finding) {
      finding.compliance.forEach(function (ref) {
        (index[ref] || (index[ref] = [])).push(finding);
      });
    });
    return index;
  }

  /** `cis-aws-3.0:1.10` after `cis-aws-3.0:1.9`: numeric parts compare as numbers. */
  function compareRefs(a, b) {
    const x = a.split(/(\d+)/);
    const y = b.split(/(\d+)/);
    for (let index = 0; index < Math.min(x.length, y.length); index += 1) {
      if (x[index] === y[index]) continue;
      const numeric = index % 2 === 1;
      if (numeric) return Number(x[index]) - Number(y[index]);
      return x[index] < y[index] ? -1 : 1;
    }
    return x.length - y.length;
  }

  /** `45% (5/11)`, or `n/a` when nothing was scored. */
  function formatShare(part, whole) {
    if (!whole) return 'n/a';
    return Math.round((part / whole) * 100) + '% (' + part + '/' + whole + ')';
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

  /** filters: { status, severity, service, region, account, compliance (a requirement ref), muted: '' | 'muted' | 'unmuted', text } */
  function filterFindings(findings, filters) {
    const words = (filters.text || '').toLowerCase().split(/\s+/).filter(Boolean);
    return findings.filter(function (finding) {
      if (filters.status && finding.status !== filters.status) return false;
      if (filters.severity && finding.severity !== filters.severity) return false;
      if (filters.service && finding.check.service !== filters.service) return false;
      if (filters.region && finding.region !== filters.region) return false;
      if (filters.account && finding.accountId !== filters.account) return false;
      if (filters.compliance && finding.compliance.indexOf(filters.compliance) < 0) return false;
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

  /** Counts per account, worst first: most unmuted failures and errors, then most failures. */
  function summarizeAccounts(findings) {
    const byAccount = {};
    findings.forEach(function (finding) {
      let row = byAccount[finding.accountId];
      if (!row) {
        row = byAccount[finding.accountId] = { accountId: finding.accountId, accountName: '', FAIL: 0, PASS: 0, MANUAL: 0, ERROR: 0, muted: 0, total: 0 };
      }
      if (finding.accountName) row.accountName = finding.accountName;
      row[finding.muted ? 'muted' : finding.status] += 1;
      row.total += 1;
    });
    return Object.keys(byAccount)
      .map(function (id) {
        return byAccount[id];
      })
      .sort(function (a, b) {
        return b.FAIL + b.ERROR - (a.FAIL + a.ERROR) || b.FAIL - a.FAIL || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0);
      });
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
    summarizeAccounts: summarizeAccounts,
    parseCompliance: parseCompliance,
    indexByCompliance: indexByCompliance,
    compareRefs: compareRefs,
    formatShare: formatShare,
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
      filters: { status: '', severity: '', service: '', region: '', account: '', compliance: '', muted: '', text: '' },
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

    const complianceElement = document.getElementById('compliance');
    const compliance = parseCompliance(complianceElement ? complianceElement.textContent : '');
    const findingsView = el(document, 'div', 'view');
    findingsView.setAttribute('id', 'view-findings');
    const complianceView = el(document, 'div', 'view');
    complianceView.setAttribute('id', 'view-compliance');
    complianceView.hidden = true;
    const tabs = {};
    if (compliance.frameworks.length) {
      const nav = el(document, 'nav', 'tabs');
      nav.setAttribute('aria-label', 'Views');
      nav.setAttribute('role', 'tablist');
      [
        { key: 'findings', label: 'Findings' },
        { key: 'compliance', label: 'Compliance' },
      ].forEach(function (tab) {
        const button = el(document, 'button', 'tab', tab.label);
        button.setAttribute('type', 'button');
        button.setAttribute('role', 'tab');
        button.setAttribute('id', 'tab-' + tab.key);
        button.addEventListener('click', function () {
          showView(tab.key);
        });
        tabs[tab.key] = button;
        nav.appendChild(button);
      });
      app.appendChild(nav);
    }
    app.appendChild(findingsView);
    app.appendChild(complianceView);

    const summarySection = el(document, 'section', 'summary');
    summarySection.setAttribute('aria-label', 'Summary');
    findingsView.appendChild(summarySection);

    const filterBar = el(document, 'section', 'filters');
    filterBar.setAttribute('aria-label', 'Filters');
    findingsView.appendChild(filterBar);
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
    const refs = {};
    report.complianceLists.forEach(function (list) {
      list.forEach(function (ref) {
        refs[ref] = true;
      });
    });
    if (Object.keys(refs).length) addSelect('compliance', 'Requirement', plain(Object.keys(refs).sort(compareRefs)));
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
    findingsView.appendChild(tableInfo);
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
    findingsView.appendChild(table);

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
    findingsView.appendChild(pager);

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

      const accounts = summarizeAccounts(report.findings);
      if (accounts.length > 1) summarySection.appendChild(accountCountsTable(accounts));
    }

    /** Findings per account, worst first; a row filters the table to its account. */
    function accountCountsTable(accounts) {
      const wrapper = el(document, 'div', 'accounts');
      const table = el(document, 'table', 'matrix account-counts');
      table.setAttribute('id', 'account-counts');
      const head = el(document, 'tr', null);
      ['Account', 'FAIL', 'ERROR', 'MANUAL', 'PASS', 'Muted'].forEach(function (label) {
        head.appendChild(el(document, 'th', null, label));
      });
      const thead = el(document, 'thead', null);
      thead.appendChild(head);
      table.appendChild(thead);
      const tbody = el(document, 'tbody', null);
      accounts.slice(0, ACCOUNT_ROWS).forEach(function (account) {
        const row = el(document, 'tr', 'has-count');
        row.setAttribute('tabindex', '0');
        row.appendChild(el(document, 'th', null, accountLabel(account.accountId, account.accountName)));
        ['FAIL', 'ERROR', 'MANUAL', 'PASS', 'muted'].forEach(function (column) {
          row.appendChild(el(document, 'td', account[column] ? 'has-count' : 'zero', account[column]));
        });
        const choose = function () {
          applyFilters({ account: account.accountId, muted: 'unmuted' });
        };
        row.addEventListener('click', choose);
        row.addEventListener('keydown', function (event) {
          if (event.key === 'Enter') choose();
        });
        tbody.appendChild(row);
      });
      table.appendChild(tbody);
      wrapper.appendChild(table);
      if (accounts.length > ACCOUNT_ROWS) wrapper.appendChild(el(document, 'p', 'sub', accounts.length - ACCOUNT_ROWS + ' more accounts: choose one in the Account filter.'));
      return wrapper;
    }

    function accountLabel(accountId, accountName) {
      return accountName ? accountId + ' (' + accountName + ')' : accountId;
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

    // ---- compliance view ----

    const complianceState = { framework: 0, account: '' };
    let complianceIndex = null;

    function findingsOf(ref) {
      if (complianceIndex === null) complianceIndex = indexByCompliance(report.findings);
      return complianceIndex[ref] || [];
    }

    function showView(name) {
      findingsView.hidden = name !== 'findings';
      complianceView.hidden = name !== 'compliance';
      Object.keys(tabs).forEach(function (key) {
        tabs[key].setAttribute('aria-selected', key === name ? 'true' : 'false');
        tabs[key].className = 'tab' + (key === name ? ' active' : '');
      });
      if (name === 'compliance') renderCompliance();
    }

    /** The requirement's result in the chosen scope: one account, or all accounts together. */
    function resultOf(requirement) {
      if (!complianceState.account) return { status: requirement.status, reason: requirement.reason, counts: requirement.counts };
      const result = requirement.byAccount[complianceState.account];
      if (result) return result;
      // An account the accumulator never saw reported nothing for this framework.
      return requirement.assessment === 'manual'
        ? { status: 'MANUAL', reason: 'manual-assessment', counts: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 } }
        : { status: 'FAIL', reason: 'not-evaluated', counts: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0 } };
    }

    function countsText(counts) {
      return ['FAIL', 'ERROR', 'MANUAL', 'PASS', 'muted']
        .filter(function (key) {
          return counts[key];
        })
        .map(function (key) {
          return counts[key] + ' ' + key;
        })
        .join(' · ');
    }

    function renderCompliance() {
      clear(complianceView);
      const framework = compliance.frameworks[complianceState.framework];
      const accountNames = {};
      framework.accounts.forEach(function (account) {
        accountNames[account.accountId] = account.accountName;
      });

      const bar = el(document, 'section', 'filters');
      bar.setAttribute('aria-label', 'Compliance scope');
      function addScopeSelect(id, label, options, selected, onChange) {
        const wrapper = el(document, 'label', null);
        wrapper.appendChild(el(document, 'span', null, label));
        const select = el(document, 'select', null);
        select.setAttribute('id', id);
        options.forEach(function (option) {
          const node = el(document, 'option', null, option.label);
          node.value = option.value;
          select.appendChild(node);
        });
        select.value = selected;
        select.addEventListener('change', function () {
          onChange(select.value);
        });
        wrapper.appendChild(select);
        bar.appendChild(wrapper);
      }
      if (compliance.frameworks.length > 1) {
        addScopeSelect(
          'compliance-framework',
          'Framework',
          compliance.frameworks.map(function (entry, index) {
            return { value: String(index), label: entry.name + ' ' + entry.version };
          }),
          String(complianceState.framework),
          function (value) {
            complianceState.framework = Number(value);
            complianceState.account = '';
            renderCompliance();
          },
        );
      }
      addScopeSelect(
        'compliance-account',
        'Account',
        [{ value: '', label: 'All accounts' }].concat(
          framework.accounts.map(function (account) {
            return { value: account.accountId, label: accountLabel(account.accountId, account.accountName) + ' — ' + formatShare(account.passed, account.evaluated) };
          }),
        ),
        complianceState.account,
        function (value) {
          complianceState.account = value;
          renderCompliance();
        },
      );
      complianceView.appendChild(bar);

      complianceView.appendChild(el(document, 'h2', null, framework.name + ' ' + framework.version + ' (' + framework.id + ')'));
      complianceView.appendChild(complianceAccountsTable(framework));
      framework.sections.forEach(function (section) {
        complianceView.appendChild(sectionBlock(framework, section, accountNames));
      });
    }

    /** Accounts worst first, with requirement and finding scores; a row narrows the view to the account. */
    function complianceAccountsTable(framework) {
      const wrapper = el(document, 'section', 'accounts');
      wrapper.setAttribute('aria-label', 'Accounts');
      wrapper.appendChild(el(document, 'h3', null, 'Accounts (worst first)'));
      const table = el(document, 'table', 'matrix compliance-accounts');
      table.setAttribute('id', 'compliance-accounts');
      const head = el(document, 'tr', null);
      ['Account', 'Requirements passing', 'Findings passing', 'Failing', 'Not evaluated', 'Manual'].forEach(function (label) {
        head.appendChild(el(document, 'th', null, label));
      });
      const thead = el(document, 'thead', null);
      thead.appendChild(head);
      table.appendChild(thead);
      const tbody = el(document, 'tbody', null);
      framework.accounts.slice(0, ACCOUNT_ROWS).forEach(function (account) {
        const row = el(document, 'tr', 'has-count' + (account.accountId === complianceState.account ? ' selected' : ''));
        row.setAttribute('tabindex', '0');
        row.appendChild(el(document, 'th', null, accountLabel(account.accountId, account.accountName)));
        const findings = account.findings;
        row.appendChild(el(document, 'td', null, formatShare(account.passed, account.evaluated)));
        row.appendChild(el(document, 'td', null, formatShare(findings.PASS, findings.PASS + findings.FAIL + findings.ERROR)));
        row.appendChild(el(document, 'td', account.failed ? 'has-count' : 'zero', account.failed));
        row.appendChild(el(document, 'td', account.notEvaluated ? 'has-count' : 'zero', account.notEvaluated));
        row.appendChild(el(document, 'td', account.manual ? null : 'zero', account.manual));
        const choose = function () {
          complianceState.account = complianceState.account === account.accountId ? '' : account.accountId;
          renderCompliance();
        };
        row.addEventListener('click', choose);
        row.addEventListener('keydown', function (event) {
          if (event.key === 'Enter') choose();
        });
        tbody.appendChild(row);
      });
      table.appendChild(tbody);
      wrapper.appendChild(table);
      if (framework.accounts.length > ACCOUNT_ROWS) {
        wrapper.appendChild(el(document, 'p', 'sub', framework.accounts.length - ACCOUNT_ROWS + ' more accounts: choose one in the Account list.'));
      }
      return wrapper;
    }

    function sectionBlock(framework, section, accountNames) {
      const block = el(document, 'section', 'compliance-section');
      const heading = el(document, 'h3', null, section.section);
      let scoreText;
      if (complianceState.account) {
        const mine = section.accounts.filter(function (entry) {
          return entry.accountId === complianceState.account;
        })[0];
        scoreText = mine ? formatShare(mine.passed, mine.evaluated) + ' of evaluated requirements pass' : 'nothing evaluated';
      } else {
        scoreText =
          formatShare(section.passedResults, section.evaluated) +
          ' of account results pass · ' +
          section.passed +
          ' of ' +
          section.automated +
          ' automated requirements pass in every account';
      }
      heading.appendChild(el(document, 'span', 'score', ' ' + scoreText));
      block.appendChild(heading);

      const table = el(document, 'table', 'requirements');
      const head = el(document, 'tr', null);
      ['ID', 'Requirement', 'Status', 'Findings', complianceState.account ? 'Level' : 'Accounts failing'].forEach(function (label) {
        head.appendChild(el(document, 'th', null, label));
      });
      const thead = el(document, 'thead', null);
      thead.appendChild(head);
      table.appendChild(thead);
      const tbody = el(document, 'tbody', null);
      framework.requirements
        .filter(function (requirement) {
          return requirement.section === section.section;
        })
        .forEach(function (requirement) {
          const result = resultOf(requirement);
          const row = el(document, 'tr', 'requirement');
          row.setAttribute('tabindex', '0');
          row.setAttribute('aria-expanded', 'false');
          row.appendChild(el(document, 'td', 'mono', requirement.id));
          const title = el(document, 'td', null);
          title.appendChild(el(document, 'div', null, requirement.title));
          if (requirement.subsection) title.appendChild(el(document, 'div', 'sub', requirement.subsection));
          row.appendChild(title);
          const status = el(document, 'td', null);
          status.appendChild(el(document, 'span', 'badge status-' + result.status.toLowerCase(), result.status));
          status.appendChild(el(document, 'div', 'sub', REASON_TEXT[result.reason] || result.reason));
          row.appendChild(status);
          row.appendChild(el(document, 'td', null, countsText(result.counts)));
          if (complianceState.account) {
            row.appendChild(el(document, 'td', null, requirement.level + ' · ' + requirement.assessment));
          } else {
            const failing = framework.accountIds.filter(function (accountId) {
              const entry = requirement.byAccount[accountId];
              return entry && entry.status === 'FAIL';
            }).length;
            row.appendChild(el(document, 'td', null, requirement.assessment === 'manual' ? 'manual' : failing + ' of ' + framework.accountIds.length));
          }
          tbody.appendChild(row);

          const expansion = el(document, 'tr', 'requirement-findings');
          expansion.hidden = true;
          const cell = el(document, 'td', null);
          cell.setAttribute('colspan', '5');
          expansion.appendChild(cell);
          tbody.appendChild(expansion);
          let filled = false;
          const toggle = function () {
            if (!filled) {
              fillRequirementFindings(cell, framework, requirement, accountNames);
              filled = true;
            }
            expansion.hidden = !expansion.hidden;
            row.setAttribute('aria-expanded', expansion.hidden ? 'false' : 'true');
          };
          row.addEventListener('click', toggle);
          row.addEventListener('keydown', function (event) {
            if (event.key === 'Enter') toggle();
          });
        });
      table.appendChild(tbody);
      block.appendChild(table);
      return block;
    }

    /** The findings behind a requirement in the chosen scope, failures first; all of them are one click away. */
    function fillRequirementFindings(cell, framework, requirement, accountNames) {
      const ref = framework.id + ':' + requirement.id;
      const account = complianceState.account;
      const all = findingsOf(ref).filter(function (finding) {
        return !account || finding.accountId === account;
      });
      cell.appendChild(el(document, 'p', 'sub', 'Checks: ' + (requirement.checks.length ? requirement.checks.join(', ') : 'none (assessed by hand)')));
      if (!all.length) {
        cell.appendChild(el(document, 'p', null, requirement.checks.length ? 'No findings in this report for this requirement.' : 'No check covers this requirement.'));
        return;
      }
      const sorted = sortFindings(all, 'status', 'desc');
      const list = el(document, 'table', 'evidence');
      const tbody = el(document, 'tbody', null);
      sorted.slice(0, REQUIREMENT_FINDINGS_SHOWN).forEach(function (finding) {
        const row = el(document, 'tr', finding.muted ? 'muted' : null);
        row.setAttribute('tabindex', '0');
        const status = el(document, 'td', null);
        status.appendChild(el(document, 'span', 'badge status-' + finding.status.toLowerCase(), finding.status));
        if (finding.muted) status.appendChild(el(document, 'span', 'badge status-muted', 'MUTED'));
        row.appendChild(status);
        row.appendChild(el(document, 'td', null, accountLabel(finding.accountId, finding.accountName || accountNames[finding.accountId])));
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
        tbody.appendChild(row);
      });
      list.appendChild(tbody);
      cell.appendChild(list);
      const more = el(document, 'p', 'sub', 'Showing ' + Math.min(sorted.length, REQUIREMENT_FINDINGS_SHOWN) + ' of ' + sorted.length + ' findings. ');
      const openAll = el(document, 'button', 'open-all', 'Open all ' + sorted.length + ' in the findings table');
      openAll.setAttribute('type', 'button');
      openAll.addEventListener('click', function () {
        applyFilters({ compliance: ref, account: account });
        showView('findings');
      });
      more.appendChild(openAll);
      cell.appendChild(more);
    }

    renderSummary();
    update();
    if (compliance.frameworks.length) showView('findings');
    return {
      state: state,
      report: report,
      compliance: compliance,
      complianceState: complianceState,
      applyFilters: applyFilters,
      showDetail: showDetail,
      showView: showView,
    };
  }

  const page = root.document;
  if (page && page.getElementById && page.getElementById('app')) {
    root.PalisadeReport.view = boot(page);
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
