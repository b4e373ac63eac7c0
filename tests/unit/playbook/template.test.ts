import { describe, expect, it } from "@jest/globals";
import {
  collectRefs,
  parseTemplate,
  renderForEach,
  renderValue,
  type TemplateScope,
} from "../../../subgraphs/orchestration/playbook/template.js";
import { PlaybookError } from "../../../subgraphs/orchestration/playbook/playbook.errors.js";
import { errorOf } from "../../support/playbook-errors.js";
import type { JsonValue } from "../../../subgraphs/orchestration/playbook/playbook.types.js";

function scope(overrides: Partial<TemplateScope> = {}): TemplateScope {
  return {
    inputs: {
      message: "Spring sale",
      count: 3,
      ratio: 0.5,
      enabled: false,
      nothing: null,
      audience: [
        { to: "+15550000001", name: "Ann" },
        { to: "+15550000002", name: "Bo" },
      ],
    },
    steps: {
      campaign: { output: { createCampaign: { id: "c-1", name: "Spring" } } },
      send: { outputs: [{ sendMessage: { id: "m-1" } }, { sendMessage: { id: "m-2" } }] },
    },
    item: { to: "+15550000001", name: "Ann" },
    itemIndex: 0,
    execution: { id: "e-1", mode: "DRY_RUN" },
    idempotencyKey: "e-1:send:0",
    ...overrides,
  };
}

const render = (value: JsonValue, over?: Partial<TemplateScope>): JsonValue =>
  renderValue(value, scope(over));

describe("template syntax", () => {
  it("cuts text into literals and references", () => {
    expect(parseTemplate("Hi {{item.name}}: {{ inputs.message }}!")).toEqual([
      "Hi ",
      { root: "item", path: ["item", "name"], text: "item.name" },
      ": ",
      { root: "inputs", path: ["inputs", "message"], text: "inputs.message" },
      "!",
    ]);
    expect(parseTemplate("no templates } here }}")).toEqual(["no templates } here }}"]);
  });

  it("collects references with their fields and whether they are whole values", () => {
    const refs = collectRefs({ input: { to: "{{ item.to }}", list: ["a {{ itemIndex }}"] } }, "v");
    expect(refs.map(({ field, whole, ref }) => [field, whole, ref.text])).toEqual([
      ["v.input.to", true, "item.to"],
      ["v.input.list[0]", false, "itemIndex"],
    ]);
  });

  it("rejects malformed templates with the field", () => {
    const cases = [
      "{{ inputs.message",
      "{{ }}",
      "{{ inputs..a }}",
      "{{ inputs.a-b }}",
      "{{ {{ a }} }}",
    ];
    for (const text of cases) {
      expect(errorOf(() => parseTemplate(text, "steps[0].variables.x"))).toMatchObject({
        field: "steps[0].variables.x",
      });
    }
    expect(errorOf(() => parseTemplate("{{ secrets.key }}")).message).toMatch(
      /starts with "secrets"/,
    );
  });
});

describe("rendering", () => {
  it("keeps the JSON type of a value that is exactly one template", () => {
    expect(render("{{ inputs.count }}")).toBe(3);
    expect(render("{{ inputs.ratio }}")).toBe(0.5);
    expect(render("{{ inputs.enabled }}")).toBe(false);
    expect(render("{{ inputs.nothing }}")).toBeNull();
    expect(render("{{ itemIndex }}")).toBe(0);
    expect(render("{{ item }}")).toEqual({ to: "+15550000001", name: "Ann" });
    expect(render("{{ inputs.audience }}")).toEqual(scope().inputs.audience);
    expect(render("{{ steps.campaign.output.createCampaign }}")).toEqual({
      id: "c-1",
      name: "Spring",
    });
    expect(render("{{ steps.send.outputs.1.sendMessage.id }}")).toBe("m-2");
    expect(render("{{ execution.mode }}")).toBe("DRY_RUN");
  });

  it("renders nested values and leaves keys and non-strings alone", () => {
    expect(
      render({
        input: {
          "{{ item.to }}": 1,
          to: "{{ item.to }}",
          n: 2,
          list: ["{{ inputs.count }}", true],
        },
      }),
    ).toEqual({ input: { "{{ item.to }}": 1, to: "+15550000001", n: 2, list: [3, true] } });
  });

  it("returns copies: rendered values share nothing with the scope", () => {
    const own = scope();
    const rendered = renderValue("{{ item }}", own);
    expect(rendered).toEqual(own.item);
    expect(rendered).not.toBe(own.item);
  });

  it("interpolates as text inside a longer string (objects as JSON, null as nothing)", () => {
    expect(render("Hi {{ item.name }}: {{ inputs.message }}")).toBe("Hi Ann: Spring sale");
    expect(render("{{ inputs.count }} x {{ inputs.ratio }} {{ inputs.enabled }}")).toBe(
      "3 x 0.5 false",
    );
    expect(render("[{{ inputs.nothing }}]")).toBe("[]");
    expect(render("item={{ item }}")).toBe('item={"to":"+15550000001","name":"Ann"}');
    expect(render(" {{ inputs.count }}")).toBe(" 3");
  });

  it("names the missing path at run time", () => {
    const options = { field: "steps[1].variables", stepId: "send" };
    const error = errorOf(() =>
      renderValue(
        { input: { text: "{{ steps.campaign.output.createCampaign.budget }}" } },
        scope(),
        options,
      ),
    );
    expect(error.message).toBe(
      'step "send": template path "steps.campaign.output.createCampaign.budget" is missing: "steps.campaign.output.createCampaign" has no "budget"',
    );
    expect(error).toMatchObject({ stepId: "send", field: "steps[1].variables.input.text" });
    expect(errorOf(() => render("{{ inputs.audience.2.to }}")).message).toMatch(
      /"inputs.audience" has no "2"/,
    );
    expect(errorOf(() => render("{{ item }}", { item: undefined })).message).toBe(
      'template path "item" is not defined here',
    );
    expect(errorOf(() => render("{{ inputs.message.length }}")).message).toMatch(/has no "length"/);
    expect(errorOf(() => render("{{ inputs.audience.length }}")).message).toMatch(
      /has no "length"/,
    );
  });

  it("bounds the output size", () => {
    const big = "x".repeat(600_000);
    const inputs = { big };
    expect(renderValue("{{ inputs.big }}", scope({ inputs }))).toBe(big);
    expect(
      errorOf(() => renderValue("{{ inputs.big }}{{ inputs.big }}", scope({ inputs }))).message,
    ).toBe("rendered value exceeds 1000000 characters");
    expect(
      errorOf(() => renderValue(["{{ inputs.big }}", "{{ inputs.big }}"], scope({ inputs })))
        .message,
    ).toMatch(/exceeds/);
    expect(errorOf(() => renderValue("{{ item }}", scope(), { maxLength: 10 })).message).toMatch(
      /exceeds 10/,
    );
  });

  it("gives the items of a forEach, which must be a list", () => {
    expect(renderForEach("{{ inputs.audience }}", scope())).toHaveLength(2);
    expect(errorOf(() => renderForEach("{{ inputs.message }}", scope())).message).toMatch(
      /did not give a list/,
    );
    const many = Array.from({ length: 10_001 }, (_, index) => index);
    expect(
      errorOf(() => renderForEach("{{ inputs.many }}", scope({ inputs: { many } }))).message,
    ).toMatch(/10001 items; at most 10000/);
  });
});

describe("injection attempts", () => {
  it("runs no code: a template is a path, nothing else", () => {
    const attempts = [
      "{{ constructor.constructor('return process')() }}",
      "{{ inputs.message.toString() }}",
      "{{ inputs['message'] }}",
      "{{ process.env.SECRET }}",
      "{{ this }}",
      "{{ inputs.count + 1 }}",
      "{{ `${1}` }}",
    ];
    for (const attempt of attempts) {
      expect(() => render(attempt)).toThrow(PlaybookError);
    }
  });

  it("never reaches prototypes, even through own __proto__ keys in data", () => {
    for (const attempt of [
      "{{ inputs.__proto__ }}",
      "{{ item.constructor }}",
      "{{ inputs.audience.prototype }}",
    ]) {
      expect(errorOf(() => render(attempt)).message).toMatch(/forbidden segment/);
    }
    expect(errorOf(() => render("{{ item.toString }}")).message).toMatch(/has no "toString"/);
    expect(errorOf(() => render("{{ item.hasOwnProperty }}")).message).toMatch(
      /has no "hasOwnProperty"/,
    );
    const data: unknown = JSON.parse('{ "__proto__": { "polluted": true }, "ok": 1 }');
    const rendered = renderValue(
      "{{ inputs.data }}",
      scope({ inputs: { data: data as JsonValue } }),
    );
    expect(Object.getPrototypeOf(rendered)).toBe(Object.prototype);
    expect(Object.hasOwn(rendered as object, "__proto__")).toBe(true);
    expect(
      renderValue("{{ inputs.data.ok }}", scope({ inputs: { data: data as JsonValue } })),
    ).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(render({ __proto__x: "{{ inputs.count }}" })).toEqual({ __proto__x: 3 });
  });

  it("renders in one pass: text from data is never read as a template", () => {
    const inputs = { message: "{{ inputs.secret }}", secret: "s3cr3t" };
    expect(renderValue("Hi {{ inputs.message }}", scope({ inputs }))).toBe(
      "Hi {{ inputs.secret }}",
    );
    expect(renderValue("{{ inputs.message }}", scope({ inputs }))).toBe("{{ inputs.secret }}");
  });
});
