package model

// Roles of users (DESIGN.md, users table).
const (
	RoleAdmin    = "admin"
	RoleDirector = "director"
	RoleManager  = "manager"
	RoleAnalyst  = "analyst"
	RoleRep      = "rep"
)

// Identity is who is asking. Row-level restriction is compiled into SQL from
// it: a rep sees the rows they own, a manager the subtree of reps under
// RepID (reps.manager_id), everyone else all rows.
type Identity struct {
	UserID int64
	Login  string
	Role   string
	RepID  int64 // for managers and reps
}

// DemoDirector is the identity the server uses until login exists.
var DemoDirector = Identity{UserID: 1, Login: "director", Role: RoleDirector}

// SeesAll reports whether no row restriction applies.
func (id Identity) SeesAll() bool {
	return id.Role == RoleAdmin || id.Role == RoleDirector || id.Role == RoleAnalyst
}
