# frozen_string_literal: true

module Geo
  class {{ n.replicator_class }} < Gitlab::Geo::Replicator
{%- if repo %}
    include ::Geo::RepositoryReplicatorStrategy
    extend ::Gitlab::Utils::Override
{%- else %}
    include ::Geo::BlobReplicatorStrategy
{%- endif %}

    def self.model
      ::{{ n.model_class }}
    end
{%- if p.titles.value %}

    # @return [String] human-readable title.
    def self.replicable_title
      s_('Geo|{{ f.title }}')
    end

    # @return [String] pluralized human-readable title.
    def self.replicable_title_plural
      s_('Geo|{{ f.title_plural }}')
    end
{%- endif %}
{%- if repo %}

    override :housekeeping_enabled?
    def self.housekeeping_enabled?
{%- if generator %}
      # TODO: return true if this Git repository type supports git housekeeping and implements
      # #git_garbage_collect_worker_klass; otherwise leave false.
{%- else %}
      # Keep housekeeping off until {{ n.model_class }}#git_garbage_collect_worker_klass
      # exists; then drop this override.
{%- endif %}
      false
    end

    def repository
      model_record.repository
    end
{%- else %}

    def carrierwave_uploader
      model_record.file
    end
{%- endif %}
  end
end
