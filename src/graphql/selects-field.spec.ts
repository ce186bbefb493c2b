import { type FieldNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { selectsField } from './selects-field.js';

function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selectsField', () => {
  it('finds a field asked for directly', () => {
    expect(selectsField(infoOf('{ ceasefires { id violations { at } } }'), 'violations')).toBe(true);
    expect(selectsField(infoOf('{ ceasefires { id state } }'), 'violations')).toBe(false);
  });

  it('does not count a field of the same name deeper down', () => {
    expect(selectsField(infoOf('{ ceasefires { parties { actor { violations: id } } } }'), 'violations')).toBe(false);
  });

  it('finds it in inline fragments and named fragments, and survives fragment cycles', () => {
    expect(selectsField(infoOf('{ ceasefires { ... on Ceasefire { violations { at } } } }'), 'violations')).toBe(true);
    expect(
      selectsField(
        infoOf(
          '{ ceasefires { ...F } } fragment F on Ceasefire { id ...G } fragment G on Ceasefire { violations { at } }',
        ),
        'violations',
      ),
    ).toBe(true);
    expect(selectsField(infoOf('{ ceasefires { ...F } } fragment F on Ceasefire { id ...F }'), 'violations')).toBe(
      false,
    );
  });
});
