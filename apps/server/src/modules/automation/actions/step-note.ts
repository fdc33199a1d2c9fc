import type { StepNote } from "@keduo/core";

/**
 * A step's note in English words: the run log's `detail`, which logs, the API and steps logged before notes
 * existed go by. The web app renders the note itself in the reader's language.
 */
export function noteDetail(note: StepNote): string {
  switch (note.code) {
    case "task_created": {
      const { task, assignee, name, due } = note.params;
      return `task ${task} for ${name ?? assignee}, due ${due}`;
    }
    case "no_assignee":
      return `no assignee (${note.params.recipient})`;
    case "no_address": {
      const { field, via } = note.params;
      return `no ${via ? `${via}.${field}` : field}`;
    }
    case "email_not_configured":
      return "email not configured";
    case "email_queued":
      return `email to ${note.params.to} queued`;
    case "no_rule_matched":
      return "no assignment rule matched";
    case "assigned":
      return note.params.summary.en;
    case "no_recipients":
      return "no recipients";
    case "notified": {
      const { count, names, email, emails } = note.params;
      const emailed =
        email === "queued"
          ? `; ${emails} emails queued`
          : email === "not_configured"
            ? "; email not configured"
            : "";
      return `${count} notified: ${names.join(", ")}${emailed}`;
    }
    case "script_no_values":
      return "the script returned no values";
    case "script_set":
      return `script set ${note.params.fields.join(", ")}`;
    case "waiting_until":
      return `waiting until ${note.params.until}`;
    case "webhook_queued": {
      const { id, origin, again } = note.params;
      return `webhook ${id} ${again ? "already queued" : "queued"} for ${origin}`;
    }
    case "fields_updated":
      return `updated ${note.params.fields.join(", ")}`;
    case "record_created":
      return `${note.params.object} ${note.params.id} created`;
  }
}
