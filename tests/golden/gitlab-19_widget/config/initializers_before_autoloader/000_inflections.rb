# frozen_string_literal: true

# Restart the server after changing this file.

# New rules use the usual ActiveSupport forms, for example:
# ActiveSupport::Inflector.inflections do |inflect|
#   inflect.plural /^(ox)$/i, '\1en'
#   inflect.singular /^(ox)en/i, '\1'
#   inflect.irregular 'person', 'people'
#   inflect.uncountable %w( fish sheep )
# end
#
ActiveSupport::Inflector.inflections do |inflect|
  inflect.uncountable %w[
    custom_emoji
    award_emoji
    ci_secure_file_registry
    container_repository_registry
    design_management_repository_registry
    event_log
    file_registry
    group_view
    group_wiki_repository_registry
    job_artifact_registry
    lfs_object_registry
    package_file_registry
    project_auto_devops
    project_registry
    project_repository_registry
    project_statistics
    snippet_repository_registry
    system_note_metadata
    vulnerabilities_feedback
    wiki_page_meta
    WikiPage::Meta
    packages_nuget_symbol_registry
    packages_helm_metadata_cache_registry
    widget_registry
    vulnerability_remediation_upload_registry
    abuse_report_upload_registry
  ]
  inflect.acronym 'CDN'
  inflect.acronym 'EE'
  inflect.acronym 'JH'
  inflect.acronym 'VSCode'
end
