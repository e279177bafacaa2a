# frozen_string_literal: true

module EE
  module SnippetRepository
    extend ActiveSupport::Concern

    prepended do
      include ::Gitlab::Geo::ReplicableModel
      with_replicator Geo::SnippetRepositoryReplicator
    end

    class_methods do
      # @param [Integer, String, Range, Array] arg to pass to primary_key_in scope
      # @return [ActiveRecord::Relation<SnippetRepository>] the snippet repositories this node should sync, restricted by primary key
      def replicables_for_geo_node(primary_key_in, node = ::Gitlab::Geo.current_node)
        primary_key_in(primary_key_in)
          .merge(selective_sync_scope(node))
      end

      private

      # snippet_repositories has no project_id column: selective sync does
      # not narrow these yet
      def selective_sync_scope(_node)
        all
      end
    end
  end
end
