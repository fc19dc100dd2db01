// Every optional property of the public option and input types accepts `undefined` (`?: T |
// undefined`), so a strict BFF with exactOptionalPropertyTypes can pass `process.env.X` or a
// maybe-undefined listener. Found by scanning the exports of every published entry, so a type
// added later (by name: …Options, …Input, …Params, …Fault, and the hooks) is held to it too.
import { expect, it } from 'vitest';
import ts from 'typescript';
import { join } from 'node:path';
import { publishedModules, root } from '../package/helpers.js';

const INPUT_TYPE = /(Options|Input|Params|Fault|Hooks|Callbacks|Option)$/;

it('optional properties of public option and input types accept undefined', { timeout: 120_000 }, () => {
  const entries = publishedModules().map((m) => join(root, m.src));
  const program = ts.createProgram(entries, {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const checked = new Set<string>();
  const missing = new Set<string>();

  const acceptsUndefined = (type: ts.Type): boolean =>
    (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0 || (type.isUnion() && type.types.some(acceptsUndefined));

  const visit = (name: string, type: ts.Type): void => {
    for (const part of type.isUnion() ? type.types : [type]) {
      for (const property of checker.getPropertiesOfType(part)) {
        const declaration = property.valueDeclaration;
        if (!(property.flags & ts.SymbolFlags.Optional) || !declaration || !ts.isPropertySignature(declaration) || !declaration.type) continue;
        const where = `${name}.${property.name}`;
        checked.add(where);
        if (!acceptsUndefined(checker.getTypeFromTypeNode(declaration.type)))
          missing.add(`${where} (${declaration.getSourceFile().fileName.replace(`${root}/`, '')})`);
      }
    }
  };

  for (const entry of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (!INPUT_TYPE.test(exported.name)) continue;
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
      visit(exported.name, checker.getDeclaredTypeOfSymbol(symbol));
    }
  }
  // The scan must see the options users pass most, or it checks nothing.
  expect([...checked]).toEqual(
    expect.arrayContaining(['TokenClientOptions.baseUrl', 'TokenClientOptions.onEvent', 'ExchangeCodeInput.signal', 'MockBankOptions.now']),
  );
  expect([...missing], 'add `| undefined` to these optional properties: under exactOptionalPropertyTypes, `?: T` refuses an explicit undefined').toEqual([]);
});
