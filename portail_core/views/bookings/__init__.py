"""Parents' booking pages: requests and their list, the planning, the calendar feed, e-mails."""
