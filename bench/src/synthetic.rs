/// A spec with `n` operations (a CRUD-like mix over `n / 4` resources, each with its own
/// schemas, a shared error schema, query parameters and a union), for scaling checks.
pub fn synthetic_spec(n: usize) -> String {
    use std::fmt::Write;
    let resources = n.div_ceil(4);
    let mut s = String::from(
        "openapi: 3.1.0\ninfo: {title: Synthetic, version: '1'}\npaths:\n",
    );
    for r in 0..resources {
        let _ = write!(
            s,
            "  /r{r}:\n    get:\n      operationId: listR{r}\n      parameters:\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n        - {{name: filter, in: query, style: deepObject, schema: {{type: object, properties: {{q: {{type: string}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: array, items: {{$ref: '#/components/schemas/R{r}'}}}}}}}}}}\n        '400': {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Error'}}}}}}}}\n    post:\n      operationId: createR{r}\n      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/R{r}'}}}}}}}}\n      responses:\n        '201': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/R{r}'}}}}}}}}\n  /r{r}/{{id}}:\n    get:\n      operationId: getR{r}\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/R{r}'}}}}}}}}\n    delete:\n      operationId: deleteR{r}\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '204': {{description: gone}}\n"
        );
    }
    s.push_str("components:\n  schemas:\n    Error: {type: object, required: [message], properties: {message: {type: string}, code: {type: [integer, 'null']}}}\n");
    for r in 0..resources {
        let _ = write!(
            s,
            "    R{r}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: string}}\n        kind: {{type: string, enum: [a{r}, b{r}, c]}}\n        value: {{oneOf: [{{type: string}}, {{type: array, items: {{type: number}}}}]}}\n        note: {{type: [string, 'null']}}\n"
        );
    }
    s
}
