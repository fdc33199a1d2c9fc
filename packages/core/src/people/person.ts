/**
 * A colleague as GET /api/people answers (server and web share this shape): everyone sees who they are and
 * where they sit; how to reach them and their roles only for user managers.
 */
export interface Person {
  id: string;
  name: string;
  active: boolean;
  department: { id: string; name: string } | null;
  email?: string;
  roles?: string[];
}
