/**
 * No cloud SDK type in the public signatures of core and the engine: a caller (the CLI, a server,
 * a worker) builds a scan from project types alone, and a second provider never inherits AWS's SDK.
 * The TypeScript compiler loads the entry points, and every exported symbol's type is walked
 * through the type aliases, interfaces and classes declared in this repository (public members
 * only), failing on any type declared in `@aws-sdk/*` or `@smithy/*`.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY_POINTS = ['packages/core/src/index.ts', 'packages/core/src/aws/index.ts', 'packages/engine/src/index.ts'];
/** Not under the rule (it wraps the SDK); the walk must find SDK types there. */
const PROVIDERS_ENTRY = 'packages/providers/src/index.ts';
const SDK_PACKAGE = /\/node_modules\/((?:@aws-sdk|@smithy)\/[^/]+)\//;

interface SdkTypeUse {
  /** The exported name and the path to the SDK type, e.g. `ScanSource → connect → clientSettings → requestHandler`. */
  readonly path: string;
  /** The SDK type and its package, e.g. `RequestHandler (@smithy/types)`. */
  readonly sdkType: string;
}

function loadProgram(): ts.Program {
  const configPath = ts.findConfigFile(repoRoot, (path) => ts.sys.fileExists(path), 'tsconfig.json');
  if (!configPath) throw new Error(`no tsconfig.json in ${repoRoot}`);
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')); } });
  if (!config) throw new Error(`cannot read ${configPath}`);
  return ts.createProgram(
    [...ENTRY_POINTS, PROVIDERS_ENTRY].map((entry) => `${repoRoot}${entry}`),
    config.options,
  );
}

function sdkPackageOf(declaration: ts.Declaration): string | undefined {
  return SDK_PACKAGE.exec(declaration.getSourceFile().fileName.replaceAll('\\', '/'))?.[1];
}

function declaredInRepo(declaration: ts.Declaration): boolean {
  const file = declaration.getSourceFile().fileName.replaceAll('\\', '/');
  return file.startsWith(repoRoot.replaceAll('\\', '/')) && !file.includes('/node_modules/');
}

/** Finds every SDK type reachable from the exports of `entries` (paths relative to the repository). */
function findSdkTypesInPublicApi(program: ts.Program, entries: readonly string[]): SdkTypeUse[] {
  const checker = program.getTypeChecker();
  const found: SdkTypeUse[] = [];
  const seen = new Set<ts.Type>();

  const visitSymbolDeclarations = (symbol: ts.Symbol | undefined, path: string): boolean => {
    for (const declaration of symbol?.declarations ?? []) {
      const sdk = sdkPackageOf(declaration);
      if (sdk) {
        found.push({ path, sdkType: `${symbol!.getName()} (${sdk})` });
        return true;
      }
    }
    return false;
  };

  const visitSignature = (signature: ts.Signature, path: string): void => {
    for (const parameter of signature.getParameters()) {
      visitType(checker.getTypeOfSymbol(parameter), `${path}(${parameter.getName()})`);
    }
    visitType(signature.getReturnType(), `${path} → returns`);
  };

  const visitType = (type: ts.Type, path: string): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (visitSymbolDeclarations(type.aliasSymbol, path) || visitSymbolDeclarations(type.getSymbol(), path)) return;
    for (const argument of type.aliasTypeArguments ?? []) visitType(argument, `${path}<>`);
    if (type.isUnionOrIntersection()) {
      for (const part of type.types) visitType(part, path);
      return;
    }
    if (type.flags & ts.TypeFlags.Object) {
      const object = type as ts.ObjectType;
      if (object.objectFlags & ts.ObjectFlags.Reference) {
        for (const argument of checker.getTypeArguments(object as ts.TypeReference)) visitType(argument, `${path}<>`);
      }
      // Library types (Promise, Map, AbortSignal, Node streams) are not walked: only their type arguments matter.
      const declarations = (type.aliasSymbol ?? type.getSymbol())?.declarations ?? [];
      const anonymous = (object.objectFlags & ts.ObjectFlags.Anonymous) !== 0 || (object.objectFlags & ts.ObjectFlags.Mapped) !== 0;
      if (!anonymous && declarations.length && !declarations.some(declaredInRepo)) return;
      for (const property of checker.getPropertiesOfType(type)) {
        const modifiers = property.valueDeclaration ? ts.getCombinedModifierFlags(property.valueDeclaration) : ts.ModifierFlags.None;
        if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || property.getName().startsWith('#')) continue;
        visitType(checker.getTypeOfSymbol(property), `${path} → ${property.getName()}`);
      }
      for (const signature of type.getCallSignatures()) visitSignature(signature, path);
      for (const signature of type.getConstructSignatures()) visitSignature(signature, `${path} new`);
      for (const info of checker.getIndexInfosOfType(type)) visitType(info.type, `${path}[]`);
      for (const base of type.isClassOrInterface() ? checker.getBaseTypes(type) : []) visitType(base, path);
    }
  };

  for (const entry of entries) {
    const source = program.getSourceFile(`${repoRoot}${entry}`);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot load ${entry}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const path = `${entry}: ${exported.getName()}`;
      if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) {
        visitType(checker.getDeclaredTypeOfSymbol(symbol), path);
      }
      if (symbol.flags & ts.SymbolFlags.Value) visitType(checker.getTypeOfSymbol(symbol), path);
    }
  }
  return found;
}

describe('public API of @palisade/core, @palisade/core/aws and @palisade/engine', () => {
  const program = loadProgram();

  it('names no type of a cloud SDK (@aws-sdk/*, @smithy/*)', () => {
    const uses = findSdkTypesInPublicApi(program, ENTRY_POINTS);
    expect(uses.map((use) => `${use.path}: ${use.sdkType}`)).toEqual([]);
  });

  it('finds the SDK types the providers package exports (the walk reaches them)', () => {
    const uses = findSdkTypesInPublicApi(program, [PROVIDERS_ENTRY]);
    // The client settings hold the SDK's credentials and request handler.
    expect(uses.map((use) => use.sdkType)).toEqual(expect.arrayContaining(['AwsCredentialIdentity (@smithy/types)', 'RequestHandler (@smithy/types)']));
    expect(uses.every((use) => use.path.startsWith(`${PROVIDERS_ENTRY}: `))).toBe(true);
  });
});
