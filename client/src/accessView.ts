// The "IAM Access" view: what the policy in the active editor grants, by service, access level
// and action (`iamPolicy/access`), and what it adds and removes since the file's version at git
// HEAD (through the built-in git extension; none in the browser or outside a repository).
// Selecting an action or a grant reveals the statement that grants it.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { AccessViewResult } from '../../server/src/common/commands';
import { Commands, Requests } from '../../server/src/common/protocol';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/** A node of the tree: its label, what it says on hover, its children, and the range it reveals. */
interface Node {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly children?: readonly Node[];
  readonly expanded?: boolean;
  readonly reveal?: Range;
}

/** The parts of the git extension's API this view uses (`vscode.git`, API version 1). */
interface GitApi {
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
}

const LEVEL_ICONS: Readonly<Record<string, string>> = { List: 'list-unordered', Read: 'eye', Write: 'edit', 'Permissions management': 'shield', Tagging: 'tag' };

export class AccessView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: readonly Node[] = [];
  private uri: vscode.Uri | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last answer, for tests and the refresh command. */
  last: AccessViewResult | null = null;

  constructor(private readonly client: BaseLanguageClient) {}

  getTreeItem(node: Node): vscode.TreeItem {
    const state = node.children && node.children.length > 0 ? (node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.description = node.description;
    item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.reveal && this.uri) item.command = { title: 'Reveal', command: Commands.revealRange, arguments: [this.uri.toString(), node.reveal] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    return [...(node ? (node.children ?? []) : this.roots)];
  }

  /** Computes the view again after `delay` ms (typing and cursor moves settle first). */
  schedule(delay = 300): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  async refresh(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const document = editor.document;
    let answer: AccessViewResult | null = null;
    try {
      const before = await headText(document.uri);
      answer = await this.client.sendRequest<AccessViewResult | null>(Requests.access, {
        textDocument: { uri: document.uri.toString() },
        position: this.client.code2ProtocolConverter.asPosition(editor.selection.active),
        ...(before !== undefined ? { before } : {}),
      });
    } catch {
      answer = null;
    }
    // Another editor became active meanwhile: its own refresh is on the way.
    if (vscode.window.activeTextEditor?.document !== document) return;
    this.uri = document.uri;
    this.last = answer;
    this.roots = answer ? nodesOf(answer) : [];
    this.changed.fire(undefined);
  }
}

/** HEAD texts read lately, by uri: typing asks again and again, and each read runs git. */
const heads = new Map<string, { readonly at: number; readonly text: string | undefined }>();
const HEAD_CACHE_MS = 5000;

/** The file's text at git HEAD, or undefined (no git extension, not in a repository, not committed). */
async function headText(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const cached = heads.get(uri.toString());
  if (cached && Date.now() - cached.at < HEAD_CACHE_MS) return cached.text;
  const text = await readHead(uri);
  heads.set(uri.toString(), { at: Date.now(), text });
  return text;
}

async function readHead(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    if (!extension) return undefined;
    const git = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
    return (await git.getRepository(uri)?.show('HEAD', uri.fsPath)) ?? undefined;
  } catch {
    return undefined;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const statementName = (s: { sid?: string; index?: number; effect: string }) => `${s.effect}${s.sid ? ` "${s.sid}"` : s.index !== undefined ? ` statement ${s.index + 1}` : ''}`;

/** A grant in a few words: its resources, and its condition. */
function grantText(g: AccessViewResult['services'][number]['levels'][number]['actions'][number]['grants'][number]): string {
  const on = g.notResources ? `every resource but ${g.notResources.join(', ')}` : g.resources.join(', ');
  return `${on}${g.condition ? ` if ${g.condition}` : ''}`;
}

/** The tree of an answer: a summary, the diff since HEAD when there is one, then services → levels → actions → grants. */
function nodesOf(view: AccessViewResult): Node[] {
  const roots: Node[] = [];
  const levels = Object.entries(view.counts).filter(([, n]) => n > 0).map(([level, n]) => `${level} ${n}`);
  roots.push({
    label: `${plural(view.total, 'action')} in ${plural(view.services.length, 'service')}`,
    description: [view.label, levels.join(' · ')].filter(Boolean).join(' — '),
    tooltip: `${view.label ? `${view.label}\n` : ''}${view.policyType} policy: ${levels.join(', ') || 'grants nothing'}`,
    icon: 'key',
  });
  if (view.diff) {
    const entry = (e: NonNullable<AccessViewResult['diff']>['added'][number]): Node => ({
      label: e.action,
      description: `${e.resource}${e.condition ? ` if ${e.condition}` : ''}`,
      tooltip: `${e.reason}${e.principal ? `\nfor ${e.principal}` : ''}`,
      reveal: e.statement?.range,
    });
    roots.push({ label: 'Added since HEAD', description: String(view.diff.added.length), icon: 'diff-added', expanded: view.diff.added.length > 0 && view.diff.added.length <= 50, children: view.diff.added.map(entry) });
    roots.push({ label: 'Removed since HEAD', description: String(view.diff.removed.length), icon: 'diff-removed', children: view.diff.removed.map(entry) });
  }
  for (const service of view.services) {
    roots.push({
      label: service.prefix,
      description: `${service.name} · ${plural(service.count, 'action')}`,
      icon: 'package',
      expanded: view.services.length === 1,
      children: service.levels.map((level) => ({
        label: level.level,
        description: String(level.actions.length),
        icon: LEVEL_ICONS[level.level],
        expanded: level.actions.length <= 10,
        children: level.actions.map((action) => ({
          label: action.action,
          description: action.grants.length === 1 ? grantText(action.grants[0]) : `${action.grants.length} statements${action.conditional ? ', all conditional' : ''}`,
          reveal: action.grants[0]?.statement.range,
          children:
            action.grants.length > 1 || action.grants.some((g) => g.resources.length > 1 || g.condition || g.limitedBy.length > 0 || g.notResources)
              ? action.grants.map((g) => ({
                  label: g.notResources ? `every resource but ${g.notResources.join(', ')}` : g.resources.join(', '),
                  description: [statementName(g.statement), g.condition && `if ${g.condition}`].filter(Boolean).join(' · '),
                  tooltip: [g.principals && `for ${g.principals.join(', ')}`, ...g.limitedBy.map((d) => `limited by ${d}`)].filter(Boolean).join('\n') || undefined,
                  reveal: g.statement.range,
                }))
              : undefined,
          tooltip: action.grants.length === 1 && !action.grants[0].condition ? `${action.grants[0].resources.join(', ')} · ${statementName(action.grants[0].statement)}` : undefined,
        })),
      })),
    });
  }
  if (view.unmatched.length > 0) {
    roots.push({ label: 'Matches no known action', description: String(view.unmatched.length), icon: 'question', children: view.unmatched.map((u) => ({ label: u.pattern, description: statementName(u.statement), reveal: u.statement.range })) });
  }
  if (view.notes.length > 0) {
    roots.push({ label: 'Notes', description: String(view.notes.length), icon: 'info', children: view.notes.map((n) => ({ label: n.message, reveal: n.statement?.range })) });
  }
  return roots;
}

/** Registers the view, its refresh command, and the events it follows; returns it (the extension's API exposes it to tests). */
export function registerAccessView(context: vscode.ExtensionContext, client: BaseLanguageClient): AccessView {
  const view = new AccessView(client);
  const tree = vscode.window.createTreeView('iamPolicy.access', { treeDataProvider: view, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    vscode.commands.registerCommand(Commands.refreshAccess, () => view.refresh()),
    vscode.window.onDidChangeActiveTextEditor(() => tree.visible && view.schedule(50)),
    vscode.workspace.onDidChangeTextDocument((e) => tree.visible && e.document === vscode.window.activeTextEditor?.document && view.schedule()),
    // In a template, moving to another policy changes the view.
    vscode.window.onDidChangeTextEditorSelection((e) => tree.visible && e.textEditor === vscode.window.activeTextEditor && view.last?.label !== undefined && view.schedule(500)),
    tree.onDidChangeVisibility((e) => e.visible && view.schedule(0)),
  );
  return view;
}
