"""Tasks and directives (nhiệm vụ, chỉ đạo điều hành) as a kind of work.

A task is a `WorkItem` assigned by a leader to a lead unit (and optionally one person in it),
with coordinating units as core `Assignment`s, a deadline from the calendar engine, progress
reports and the result as history events with files, sub-tasks for a unit head's split, and
extension requests that keep the original deadline on record.
"""
