/**
 * Finds promises nobody waits for: an expression statement whose value is a Promise (a repository
 * call without `await`), and a Promise used where a condition wants a truth value. The repository
 * layer is asynchronous (issue 17), so a forgotten `await` would let a write run outside its
 * transaction or a page read before the write it follows. `void x()` says a promise is left on purpose.
 * Usage: tsx scripts/check-promises.ts (exits 1 and lists the places when any are found).
 */
import path from 'node:path';
import ts from 'typescript';

export interface FloatingPromise { file: string; line: number; text: string; why: string }

/** Every floating promise in the project's TypeScript (tsconfig.json's files). */
export function findFloatingPromises(root: string): FloatingPromise[] {
  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const checker = program.getTypeChecker();
  const out: FloatingPromise[] = [];
  const promiseType = (t: ts.Type) => { const name = t.getSymbol()?.getName(); return name === 'Promise' || name === 'PromiseLike'; };
  const isPromise = (node: ts.Expression): boolean => {
    const type = checker.getTypeAtLocation(node);
    return (type.isUnion() ? type.types : [type]).some(promiseType);
  };
  /** Only a promise, never undefined or null: as a condition it is always true (a `Promise | undefined` is a presence test). */
  const alwaysPromise = (node: ts.Expression): boolean => {
    const type = checker.getTypeAtLocation(node);
    return (type.isUnion() ? type.types : [type]).every(promiseType);
  };
  /** A promise, or an array or tuple holding promises (what `.map(async …)` makes). */
  const holdsPromise = (node: ts.Expression): boolean => {
    const type = checker.getTypeAtLocation(node);
    if ((type.isUnion() ? type.types : [type]).some(promiseType)) return true;
    if (checker.isArrayType(type) || checker.isTupleType(type)) return checker.getTypeArguments(type as ts.TypeReference).some((t) => (t.isUnion() ? t.types : [t]).some(promiseType));
    return false;
  };
  const handled = (e: ts.Expression): boolean => ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)
    && ['then', 'catch', 'finally'].includes(e.expression.name.text);
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('node_modules')) continue;
    const report = (node: ts.Node, why: string) => {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({ file: path.relative(root, sf.fileName), line: line + 1, text: node.getText(sf).slice(0, 100), why });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) {
        const e = node.expression;
        const assigns = ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
        const skip = ts.isVoidExpression(e) || ts.isAwaitExpression(e) || assigns || handled(e);
        if (!skip && isPromise(e)) report(node, 'not awaited');
      }
      if ((ts.isIfStatement(node) || ts.isWhileStatement(node)) && alwaysPromise(node.expression)) report(node.expression, 'a promise as a condition');
      if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && alwaysPromise(node.operand)) report(node, 'a promise negated');
      if (ts.isConditionalExpression(node) && alwaysPromise(node.condition)) report(node.condition, 'a promise as a condition');
      // expect(promise).toEqual(…) compares the promise object, not its value: it passes whatever the value.
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'expect' && node.arguments[0] && holdsPromise(node.arguments[0])) {
        const p = node.parent;
        if (!(ts.isPropertyAccessExpression(p) && ['resolves', 'rejects'].includes(p.name.text))) report(node, 'expect of a promise without resolves or rejects');
      }
      // A promise returned into forEach is dropped: each call runs unawaited.
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'forEach') {
        const fn = node.arguments[0];
        if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) report(node, 'an async callback to forEach');
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findFloatingPromises(process.cwd());
  for (const f of found) console.log(`${f.file}:${f.line}  ${f.why}: ${f.text}`);
  console.log(found.length === 0 ? 'No floating promises.' : `${found.length} floating promises.`);
  process.exit(found.length === 0 ? 0 : 1);
}
