import type { Ref } from "preact";
import { useEffect, useImperativeHandle, useRef, useState } from "preact/hooks";
import type { CodeEditor } from "./editor.ts";

export interface FieldHandle {
  focus(): void;
}

export interface CodeFieldProps {
  id: string;
  labelId: string;
  label: string;
  /** Text read after the label (the question, the key hints): ids cannot reach into the editor. */
  description: string;
  describedBy: string;
  value: string;
  /** Bumped when the value changed outside the editor; only then is it pushed into the editor. */
  outsideEdits: number;
  placeholder: string;
  readOnly: boolean;
  onInput: (text: string) => void;
  handle: Ref<FieldHandle>;
}

/**
 * A Python code editor (CodeMirror, loaded on demand). Until it has loaded, or if it cannot load,
 * a monospace text box takes the answer, so typing never waits for the editor.
 */
export function CodeField(props: CodeFieldProps) {
  const host = useRef<HTMLDivElement>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const [editor, setEditor] = useState<CodeEditor | null>(null);
  const focusOnShow = useRef(false);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    let live = true;
    let made: CodeEditor | null = null;
    import("./editor.ts").then(
      ({ createCodeEditor }) => {
        if (!live || !host.current) return;
        // Focus moves over once the editor is visible (it is hidden until this render lands).
        focusOnShow.current = document.activeElement === fallback.current;
        made = createCodeEditor(host.current, {
          doc: latest.current.value,
          label: latest.current.label,
          description: latest.current.description,
          placeholder: latest.current.placeholder,
          onChange: (text) => latest.current.onInput(text),
        });
        setEditor(made);
      },
      () => {
        // The plain text box stays: the answer can still be typed and sent.
      },
    );
    return () => {
      live = false;
      made?.destroy();
    };
  }, []);

  useEffect(() => {
    if (editor && focusOnShow.current) editor.focus();
    focusOnShow.current = false;
  }, [editor]);
  useEffect(() => editor?.setReadOnly(props.readOnly), [editor, props.readOnly]);
  useEffect(() => {
    if (props.outsideEdits > 0) editor?.setText(latest.current.value);
  }, [editor, props.outsideEdits]);

  useImperativeHandle(
    props.handle,
    () => ({
      focus: () => (editor ? editor.focus() : fallback.current?.focus({ preventScroll: true })),
    }),
    [editor],
  );

  return (
    <div class="code-field">
      <div ref={host} class="code-host" hidden={!editor} />
      {!editor && (
        <textarea
          id={props.id}
          ref={fallback}
          class="code-fallback"
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          aria-labelledby={props.labelId}
          aria-describedby={props.describedBy}
          readOnly={props.readOnly}
          spellcheck={false}
          placeholder={props.placeholder}
        />
      )}
    </div>
  );
}
