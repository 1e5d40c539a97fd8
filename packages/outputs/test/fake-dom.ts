/**
 * Just enough DOM to run the HTML report's client script in a test when no browser is installed:
 * the script deliberately limits itself to createElement, appendChild, textContent, setAttribute,
 * addEventListener, value, hidden and disabled.
 */
export interface FakeEvent {
  readonly key?: string;
}

type Listener = (event: FakeEvent & { readonly target: FakeElement }) => void;

export class FakeElement {
  children: FakeElement[] = [];
  className = '';
  value = '';
  hidden = false;
  disabled = false;
  private ownText = '';
  private readonly attributes = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly tagName: string) {}

  get textContent(): string {
    return this.ownText + this.children.map((child) => child.textContent).join('');
  }

  set textContent(value: string) {
    this.children = [];
    this.ownText = String(value);
  }

  appendChild(child: FakeElement): FakeElement {
    this.children.push(child);
    return child;
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  dispatch(type: string, event: FakeEvent = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ ...event, target: this });
  }

  /** Descendants (depth first) matching a tag name and, optionally, a class. */
  findAll(tagName: string, className?: string): FakeElement[] {
    const found: FakeElement[] = [];
    const visit = (element: FakeElement) => {
      for (const child of element.children) {
        if (child.tagName === tagName && (className === undefined || child.className.split(' ').includes(className))) found.push(child);
        visit(child);
      }
    };
    visit(this);
    return found;
  }

  byId(id: string): FakeElement | null {
    if (this.getAttribute('id') === id) return this;
    for (const child of this.children) {
      const found = child.byId(id);
      if (found) return found;
    }
    return null;
  }
}

export class FakeDocument extends FakeElement {
  readonly body = new FakeElement('body');

  /** `complianceText` undefined leaves out the compliance element, as in a report written before it existed. */
  constructor(scanJson: string, findingsText: string, complianceText?: string) {
    super('#document');
    this.appendChild(this.body);
    const elements: [string, string][] = [
      ['app', ''],
      ['scan', scanJson],
      ['findings', findingsText],
    ];
    if (complianceText !== undefined) elements.push(['compliance', complianceText]);
    for (const [id, text] of elements) {
      const element = new FakeElement(id === 'app' ? 'div' : 'script');
      element.setAttribute('id', id);
      element.textContent = text;
      this.body.appendChild(element);
    }
  }

  createElement(tagName: string): FakeElement {
    return new FakeElement(tagName);
  }

  getElementById(id: string): FakeElement | null {
    return this.byId(id);
  }
}
