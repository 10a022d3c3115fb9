#!/usr/bin/python3
"""docs/openapi.yaml must be well-formed: valid YAML with no key given twice in
one mapping (a botched merge leaves such doubles, which a plain YAML load would
silently take the last of), and every operation with a summary and responses."""
import sys

import yaml


class StrictLoader(yaml.SafeLoader):
    pass


def mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} given twice", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)

path = sys.argv[1] if len(sys.argv) > 1 else "docs/openapi.yaml"
try:
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=StrictLoader)
except yaml.YAMLError as e:
    print(f"openapi: {path} is not well-formed: {e}")
    sys.exit(1)
bad = []
for p, ops in (doc.get("paths") or {}).items():
    for method, op in ops.items():
        if method == "parameters":
            continue
        if not isinstance(op, dict) or "summary" not in op or "responses" not in op:
            bad.append(f"{method.upper()} {p}")
if bad:
    print("openapi: operations without a summary or responses: " + ", ".join(bad))
    sys.exit(1)
