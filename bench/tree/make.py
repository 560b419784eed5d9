#!/usr/bin/env python3
"""Write a synthetic OpenAPI tree of N files (default 1,500) for timing multi-file
generation: a root, one path-item file per resource, one schema file per resource, a
shared parameters file and a components index, with references between schema files.

    python3 bench/tree/make.py OUT_DIR [FILES]
"""
import json
import os
import sys

out = sys.argv[1]
files = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
resources = max(1, (files - 3) // 2)
os.makedirs(f"{out}/paths", exist_ok=True)
os.makedirs(f"{out}/schemas", exist_ok=True)
paths = {}
index = {}
for i in range(resources):
    name = f"Res{i}"
    paths[f"/res{i}/{{id}}"] = {"$ref": f"paths/res{i}.yaml"}
    index[name] = {"$ref": f"./{name}.yaml"}
    with open(f"{out}/paths/res{i}.yaml", "w") as f:
        f.write(f"""parameters:
  - $ref: ../params.yaml#/Id
get:
  operationId: getRes{i}
  parameters:
    - $ref: ../params.yaml#/Limit
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            $ref: ../schemas/{name}.yaml
""")
    other = f"Res{(i + 1) % resources}"
    with open(f"{out}/schemas/{name}.yaml", "w") as f:
        f.write(f"""type: object
required: [id]
properties:
  id: {{type: string}}
  count: {{type: integer}}
  tags: {{type: array, items: {{type: string}}}}
  next:
    $ref: ./{other}.yaml
""")
with open(f"{out}/params.yaml", "w") as f:
    f.write("""Id: {name: id, in: path, required: true, schema: {type: string}}
Limit: {name: limit, in: query, schema: {type: integer}}
""")
with open(f"{out}/schemas/_index.yaml", "w") as f:
    for k, v in index.items():
        f.write(f"{k}: {{$ref: '{v['$ref']}'}}\n")
root = {
    "openapi": "3.1.0",
    "info": {"title": "Tree", "version": "1"},
    "paths": paths,
    "components": {"schemas": {"$ref": "./schemas/_index.yaml"}},
}
with open(f"{out}/openapi.json", "w") as f:
    json.dump(root, f, indent=1)
print(f"{out}: {2 * resources + 3} files, {resources} operations")
